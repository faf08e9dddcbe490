"""Keys, signing, encryption, packing bundles and task packages, strict importing. No Qt."""
