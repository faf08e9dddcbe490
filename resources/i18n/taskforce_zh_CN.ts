<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>taskforce</name>
    <message>
      <source>Task</source>
      <translation>任务</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>Reports it</source>
      <translation>填报</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>依据</translation>
    </message>
    <message>
      <source>changed by the task force</source>
      <translation>工作专班调整</translation>
    </message>
    <message>
      <source>plan default</source>
      <translation>方案默认</translation>
    </message>
    <message>
      <source>Indicator</source>
      <translation>指标</translation>
    </message>
    <message>
      <source>Zone</source>
      <translation>开发区</translation>
    </message>
    <message>
      <source>not yet assigned by the province</source>
      <translation>省级尚未下达</translation>
    </message>
    <message>
      <source>Tasks reported</source>
      <translation>填报任务</translation>
    </message>
    <message>
      <source>Office:</source>
      <translation>单位：</translation>
    </message>
    <message>
      <source>Targets assigned by the province (empty: not yet assigned)</source>
      <translation>省级下达目标（空白：尚未下达）</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>数值</translation>
    </message>
    <message>
      <source>Target</source>
      <translation>目标</translation>
    </message>
    <message>
      <source>Evaluation</source>
      <translation>评估</translation>
    </message>
    <message>
      <source>Supports</source>
      <translation>所属指标</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>大小</translation>
    </message>
    <message>
      <source>Revision</source>
      <translation>版本</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>By</source>
      <translation>修改人</translation>
    </message>
    <message>
      <source>Field</source>
      <translation>字段</translation>
    </message>
    <message>
      <source>New</source>
      <translation>新值</translation>
    </message>
    <message>
      <source>Bundle</source>
      <translation>数据包</translation>
    </message>
    <message>
      <source>Imported</source>
      <translation>导入时间</translation>
    </message>
    <message>
      <source>Signature fingerprint</source>
      <translation>签名指纹</translation>
    </message>
    <message>
      <source>Comment for the office (required to return; reason required to reopen)</source>
      <translation>给填报单位的意见（退回时必填；重新打开时须填写理由）</translation>
    </message>
    <message>
      <source>Accept</source>
      <translation>通过</translation>
    </message>
    <message>
      <source>Return</source>
      <translation>退回</translation>
    </message>
    <message>
      <source>Reopen</source>
      <translation>重新打开</translation>
    </message>
    <message>
      <source>Values and evaluation</source>
      <translation>指标值与评估</translation>
    </message>
    <message>
      <source>Plan</source>
      <translation>计划安排</translation>
    </message>
    <message>
      <source>Corrective measures</source>
      <translation>整改措施</translation>
    </message>
    <message>
      <source>Plan and measures</source>
      <translation>计划与措施</translation>
    </message>
    <message>
      <source>Evidence</source>
      <translation>佐证材料</translation>
    </message>
    <message>
      <source>History</source>
      <translation>修改记录</translation>
    </message>
    <message>
      <source>Provenance</source>
      <translation>来源</translation>
    </message>
    <message>
      <source>Review</source>
      <translation>审核</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>revision</source>
      <translation>版本</translation>
    </message>
    <message>
      <source>Nothing received yet.</source>
      <translation>尚未收到数据。</translation>
    </message>
    <message>
      <source>Accepted: locked until reopened.</source>
      <translation>已通过：已锁定，重新打开后才能修改。</translation>
    </message>
    <message>
      <source>Returned:</source>
      <translation>已退回：</translation>
    </message>
    <message>
      <source>Reopened:</source>
      <translation>已重新打开：</translation>
    </message>
    <message>
      <source>No decision yet.</source>
      <translation>尚未审核。</translation>
    </message>
    <message>
      <source>Import bundles</source>
      <translation>导入数据包</translation>
    </message>
    <message>
      <source>Add files…</source>
      <translation>添加文件…</translation>
    </message>
    <message>
      <source>Check (dry run)</source>
      <translation>检查（试导入）</translation>
    </message>
    <message>
      <source>Import</source>
      <translation>导入</translation>
    </message>
    <message>
      <source>Office</source>
      <translation>单位</translation>
    </message>
    <message>
      <source>Sequence</source>
      <translation>序号</translation>
    </message>
    <message>
      <source>Period</source>
      <translation>填报期</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>accepted</source>
      <translation>已接收</translation>
    </message>
    <message>
      <source>Working on bundles…</source>
      <translation>正在处理数据包…</translation>
    </message>
    <message>
      <source>Bundles to import (drop .ecb files here):</source>
      <translation>待导入的数据包（可将 .ecb 文件拖到此处）：</translation>
    </message>
    <message>
      <source>What the import will do:</source>
      <translation>导入结果预览：</translation>
    </message>
    <message>
      <source>Every bundle received:</source>
      <translation>已接收的全部数据包：</translation>
    </message>
    <message>
      <source>Checking…</source>
      <translation>正在检查…</translation>
    </message>
    <message>
      <source>Importing…</source>
      <translation>正在导入…</translation>
    </message>
    <message>
      <source>Imported.</source>
      <translation>已导入。</translation>
    </message>
    <message>
      <source>Conflicts: open each entry in the matrix (✕), check both versions with the office, then return it so the office sends one corrected revision.</source>
      <translation>冲突的处理：在总览矩阵中打开每条冲突记录（✕），与填报单位核对两个版本，然后退回，由单位重新报送一个更正后的版本。</translation>
    </message>
    <message>
      <source>Gaps: ask the office for the missing bundles, or for a full bundle (ecodesk export --full).</source>
      <translation>缺号的处理：请该单位补发缺少的数据包，或导出一个完整数据包（ecodesk export --full）。</translation>
    </message>
    <message>
      <source>refused: %1</source>
      <translation>拒收：%1</translation>
    </message>
    <message>
      <source>Bundles refused as a whole were not imported and are not acknowledged. The office learns why from its next task package (send it one), corrects it and exports again; the new bundle takes the same number.</source>
      <translation>整个被拒收的数据包未导入，也不会被确认收到。该单位会从下一个任务包得知原因（请给它发送任务包），改正后重新导出；新数据包沿用同一序号。</translation>
    </message>
    <message>
      <source>Rejected files were not imported; the reason is given for each. Ask the office to send them again; never edit a bundle by hand.</source>
      <translation>被拒收的文件未导入，原因见上。请该单位重新发送；切勿手工修改数据包。</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>target</source>
      <translation>目标</translation>
    </message>
    <message>
      <source>Comment</source>
      <translation>意见</translation>
    </message>
    <message>
      <source>Reported: %1 of %2 offices; not met: %3</source>
      <translation>已报 %1/%2 个单位；未达标 %3</translation>
    </message>
    <message>
      <source>All groups</source>
      <translation>全部分组</translation>
    </message>
    <message>
      <source>All statuses</source>
      <translation>全部状态</translation>
    </message>
    <message>
      <source>Office name contains…</source>
      <translation>按单位名称筛选…</translation>
    </message>
    <message>
      <source>Open entry</source>
      <translation>打开记录</translation>
    </message>
    <message>
      <source>Accept selected</source>
      <translation>批量通过</translation>
    </message>
    <message>
      <source>Group:</source>
      <translation>分组：</translation>
    </message>
    <message>
      <source>Status:</source>
      <translation>状态：</translation>
    </message>
    <message>
      <source>%1 of %2 offices loaded</source>
      <translation>已加载 %1/%2 个单位</translation>
    </message>
    <message>
      <source>%1 offices loaded, counting the rest…</source>
      <translation>已加载 %1 个单位，其余单位计算中…</translation>
    </message>
    <message>
      <source>counting…</source>
      <translation>计算中…</translation>
    </message>
    <message>
      <source>Totals of every office: counting…</source>
      <translation>全部单位的合计：计算中…</translation>
    </message>
    <message>
      <source>Accepted %1 entries; %2 selected cells need no or another decision.</source>
      <translation>已通过 %1 条记录；所选其余 %2 格无需或需另行审核。</translation>
    </message>
    <message>
      <source>Lead unit</source>
      <translation>牵头单位</translation>
    </message>
    <message>
      <source>City figure</source>
      <translation>全市数值</translation>
    </message>
    <message>
      <source>Counties met / not met / unknown</source>
      <translation>县区 达标/未达标/待定</translation>
    </message>
    <message>
      <source>County range</source>
      <translation>县区范围</translation>
    </message>
    <message>
      <source>Chart group:</source>
      <translation>图表分组：</translation>
    </message>
    <message>
      <source>%1: %2 indicators city-wide — %3 met, %4 not met, %5 unknown</source>
      <translation>%1 年：全市 %2 项指标 —— 达标 %3，未达标 %4，待定 %5</translation>
    </message>
    <message>
      <source>, %1 baseline</source>
      <translation>，基线 %1</translation>
    </message>
    <message>
      <source>%1: indicators met / not met by county, %2</source>
      <translation>%1：各县区达标/未达标指标数（%2 年）</translation>
    </message>
    <message>
      <source>met</source>
      <translation>达标</translation>
    </message>
    <message>
      <source>not met</source>
      <translation>未达标</translation>
    </message>
    <message>
      <source>ecodesk — task force</source>
      <translation>ecodesk —— 工作专班</translation>
    </message>
    <message>
      <source>Overview</source>
      <translation>总览</translation>
    </message>
    <message>
      <source>City-wide targets</source>
      <translation>全市目标</translation>
    </message>
    <message>
      <source>Assignments and targets</source>
      <translation>任务分配与下达目标</translation>
    </message>
    <message>
      <source>Writing task packages…</source>
      <translation>正在生成任务包…</translation>
    </message>
    <message>
      <source>Task force</source>
      <translation>工作专班</translation>
    </message>
    <message>
      <source>Period:</source>
      <translation>填报期：</translation>
    </message>
    <message>
      <source>Import bundles…</source>
      <translation>导入数据包…</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Yearly archive…</source>
      <translation>年度归档…</translation>
    </message>
    <message>
      <source>Back up workspace…</source>
      <translation>备份工作区…</translation>
    </message>
    <message>
      <source>Archive of every office for the period: the summary workbook, every evidence file and their SHA-256 manifest, in one zip</source>
      <translation>本期全部单位的档案：汇总表、全部佐证材料及其 SHA-256 清单，打包为一个 zip 文件</translation>
    </message>
    <message>
      <source>Export summary workbook…</source>
      <translation>导出汇总表…</translation>
    </message>
    <message>
      <source>The archive's Excel workbook alone (.xlsx)</source>
      <translation>仅导出档案中的 Excel 汇总表（.xlsx）</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <source>No figures to chart: this indicator is answered yes/no or by a choice, or has no values yet.</source>
      <translation>该指标以“是/否”或选项填报，或尚无数值，无法绘制趋势图。</translation>
    </message>
    <message>
      <source>Apply new forms from a period…</source>
      <translation>自某填报期起启用新表单…</translation>
    </message>
    <message>
      <source>New forms applied: tasks %1</source>
      <translation>已启用新表单：任务 %1</translation>
    </message>
    <message>
      <source>The forms are unchanged</source>
      <translation>表单没有变化</translation>
    </message>
    <message>
      <source>Apply new forms from a period</source>
      <translation>自某填报期起启用新表单</translation>
    </message>
    <message>
      <source>Folder with the 37 form files (NN.toml)</source>
      <translation>存放 37 个表单文件（NN.toml）的文件夹</translation>
    </message>
    <message>
      <source>Choose…</source>
      <translation>选择…</translation>
    </message>
    <message>
      <source>Only to change an archived period: why it is reopened (recorded)</source>
      <translation>仅在更改已归档的填报期时填写：重新打开的理由（会被记录）</translation>
    </message>
    <message>
      <source>Forms folder:</source>
      <translation>表单文件夹：</translation>
    </message>
    <message>
      <source>Applies from period:</source>
      <translation>自填报期起适用：</translation>
    </message>
    <message>
      <source>Reopen reason:</source>
      <translation>重新打开的理由：</translation>
    </message>
    <message>
      <source>Earlier periods keep being judged by their own forms. The next task packages carry the new forms to the offices.</source>
      <translation>此前的填报期仍按各自的表单判定。下一个任务包会把新表单发给各单位。</translation>
    </message>
    <message>
      <source>Apply</source>
      <translation>启用</translation>
    </message>
    <message>
      <source>Forms folder</source>
      <translation>表单文件夹</translation>
    </message>
    <message>
      <source>Choose the folder with the form files.</source>
      <translation>请选择存放表单文件的文件夹。</translation>
    </message>
    <message>
      <source>Keys and enrollment</source>
      <translation>密钥与登记</translation>
    </message>
    <message>
      <source>Keys and enrollment…</source>
      <translation>密钥与登记…</translation>
    </message>
    <message>
      <source>Active</source>
      <translation>有效</translation>
    </message>
    <message>
      <source>Revoked %1</source>
      <translation>已吊销（%1）</translation>
    </message>
    <message>
      <source>Retired (replaced by %1)</source>
      <translation>已停用（由 %1 取代）</translation>
    </message>
    <message>
      <source>Fingerprint</source>
      <translation>指纹</translation>
    </message>
    <message>
      <source>Key id</source>
      <translation>密钥编号</translation>
    </message>
    <message>
      <source>Added</source>
      <translation>登记时间</translation>
    </message>
    <message>
      <source>This task force's key</source>
      <translation>工作专班本机密钥</translation>
    </message>
    <message>
      <source>Copy</source>
      <translation>复制</translation>
    </message>
    <message>
      <source>Replace my key…</source>
      <translation>更换本机密钥…</translation>
    </message>
    <message>
      <source>Print this fingerprint on a stamped letter to every office, or read it out by phone: each office types it when it imports its first task package.</source>
      <translation>请把此指纹印在盖章函件上发给各单位，或电话读给对方：各单位导入第一个任务包时要输入它。</translation>
    </message>
    <message>
      <source>Fingerprint copied.</source>
      <translation>指纹已复制。</translation>
    </message>
    <message>
      <source>Replace the task force's key?</source>
      <translation>更换工作专班的密钥？</translation>
    </message>
    <message>
      <source>A new key is made; the old one signs a statement naming it, which every office receives with its next task package. From then on the old key signs nothing. Tell the offices the new fingerprint too. If the old key may be in someone else's hands, they could do the same: call every office.</source>
      <translation>将生成新密钥；旧密钥签署一份更换声明，各单位随下一个任务包收到。此后旧密钥不再有效。也请把新指纹告知各单位。如果旧密钥可能已落入他人之手，对方也能这样做：请逐一电话通知各单位。</translation>
    </message>
    <message>
      <source>Replace key</source>
      <translation>更换密钥</translation>
    </message>
    <message>
      <source>New fingerprint %1 (was %2). Offices learn it from their next task package.</source>
      <translation>新指纹 %1（原为 %2）。各单位将从下一个任务包得知。</translation>
    </message>
    <message>
      <source>Enroll an office</source>
      <translation>登记单位公钥</translation>
    </message>
    <message>
      <source>the office's public key file (.json)</source>
      <translation>该单位的公钥文件（.json）</translation>
    </message>
    <message>
      <source>Enroll</source>
      <translation>登记</translation>
    </message>
    <message>
      <source>Key file:</source>
      <translation>公钥文件：</translation>
    </message>
    <message>
      <source>Fingerprint heard on the phone:</source>
      <translation>电话中听到的指纹：</translation>
    </message>
    <message>
      <source>The office sends its public key file and reads its fingerprint out by phone. Type the fingerprint as you hear it, not from the file: the key is enrolled only if the two agree. Enrolling a new key for an office retires its previous one.</source>
      <translation>单位把公钥文件发来，并在电话中读出指纹。请按电话中听到的输入指纹，不要从文件中抄：两者一致才会登记。为某单位登记新公钥时，其原来的密钥随即停用。</translation>
    </message>
    <message>
      <source>Public key file of the office</source>
      <translation>单位的公钥文件</translation>
    </message>
    <message>
      <source>Public key files (*.json)</source>
      <translation>公钥文件 (*.json)</translation>
    </message>
    <message>
      <source>Choose the key file and type the fingerprint you heard.</source>
      <translation>请选择公钥文件，并输入电话中听到的指纹。</translation>
    </message>
    <message>
      <source>Enrolled the key of %1 (fingerprint %2).</source>
      <translation>已登记 %1 的公钥（指纹 %2）。</translation>
    </message>
    <message>
      <source>Its previous key %1 (fingerprint %2) is retired: bundles it signs from now on are refused.</source>
      <translation>其原来的密钥 %1（指纹 %2）已停用：此后它签名的数据包一律拒收。</translation>
    </message>
    <message>
      <source>%1 has no enrolled key yet, so no task package can be made for it.</source>
      <translation>%1 尚未登记公钥，所以还不能为它生成任务包。</translation>
    </message>
    <message>
      <source>No office has an enrolled key yet, so no task package can be made.</source>
      <translation>还没有任何单位登记公钥，所以还不能生成任务包。</translation>
    </message>
    <message>
      <source>Ask the office to open File → My key… in its ecodesk, save its public key file and send it to you, and to read its fingerprint out by phone. Then choose the file below, type the fingerprint as you heard it and press Enroll.</source>
      <translation>请该单位在其 ecodesk 中打开 文件 → 本机密钥…，保存公钥文件发给工作专班，并在电话中读出指纹。然后在下面选择该文件，输入听到的指纹，按“登记”。</translation>
    </message>
    <message>
      <source>Office keys</source>
      <translation>单位公钥</translation>
    </message>
    <message>
      <source>Revoke selected key…</source>
      <translation>吊销所选密钥…</translation>
    </message>
    <message>
      <source>Revoke a key when a PC was stolen or the key leaked: what was received stays, nothing it signs is accepted afterwards. Then enroll the office's new key.</source>
      <translation>电脑被盗或密钥泄露时吊销该密钥：已收到的数据保留，此后它签名的任何文件都不再接受。然后登记该单位的新公钥。</translation>
    </message>
    <message>
      <source>Select a key that is not revoked yet.</source>
      <translation>请选择一把尚未吊销的密钥。</translation>
    </message>
    <message>
      <source>Revoke this key?</source>
      <translation>吊销此密钥？</translation>
    </message>
    <message>
      <source>Revoke key %1 of %2 (fingerprint %3)? Nothing it signs will be accepted any more, and it cannot be enrolled again. This cannot be undone.</source>
      <translation>吊销 %2 的密钥 %1（指纹 %3）？此后它签名的任何文件都不再接受，也不能再次登记。此操作不能撤销。</translation>
    </message>
    <message>
      <source>Revoke</source>
      <translation>吊销</translation>
    </message>
    <message>
      <source>Revoked key %1 of %2: nothing it signs is accepted any more.</source>
      <translation>已吊销 %2 的密钥 %1：此后它签名的任何文件都不再接受。</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Nothing to accept: none of the selected cells shown is complete and waiting for a decision.</source>
      <translation>没有可通过的记录：所选的可见单元格中没有已完成、等待审核的记录。</translation>
    </message>
    <message>
      <source>%1 selected cells are left alone (hidden by the filter, not complete, or already decided).</source>
      <translation>另有 %1 个所选单元格不处理（被筛选条件淡化、尚未完成或已有审核结论）。</translation>
    </message>
    <message>
      <source>Accept %1</source>
      <translation>通过 %1 条</translation>
    </message>
    <message>
      <source>Accepted %1 entries; %2 selected cells left alone.</source>
      <translation>已通过 %1 条；%2 个所选单元格未处理。</translation>
    </message>
    <message>
      <source>Accept %1 entries, %2 of them not met?</source>
      <translation>将通过 %1 条，其中 %2 条未达标。</translation>
    </message>
    <message>
      <source>Undo decision</source>
      <translation>撤销决定</translation>
    </message>
    <message>
      <source>◀ Previous</source>
      <translation>◀ 上一条</translation>
    </message>
    <message>
      <source>Next ▶</source>
      <translation>下一条 ▶</translation>
    </message>
    <message>
      <source>Entry</source>
      <translation>填报内容</translation>
    </message>
    <message>
      <source>History and provenance</source>
      <translation>修改记录与来源</translation>
    </message>
    <message>
      <source>Accepted</source>
      <translation>已通过</translation>
    </message>
    <message>
      <source>Returned</source>
      <translation>已退回</translation>
    </message>
    <message>
      <source>Take the last decision back (Ctrl+Z)</source>
      <translation>撤销最近一次审核决定（Ctrl+Z）</translation>
    </message>
    <message>
      <source>Write the comment for the office, then press Return.</source>
      <translation>请先填写给填报单位的意见，再按“退回”。</translation>
    </message>
    <message>
      <source>Decision taken back.</source>
      <translation>审核决定已撤销。</translation>
    </message>
    <message>
      <source>%1: %2 task %3 (◀ Previous, then Undo decision, takes it back).</source>
      <translation>%1：%2 任务 %3（如需撤销，按“◀ 上一条”后按“撤销决定”）。</translation>
    </message>
    <message>
      <source>Make task package for this office</source>
      <translation>为该单位生成任务包</translation>
    </message>
    <message>
      <source>Make task packages for all enrolled offices</source>
      <translation>为所有已登记单位生成任务包</translation>
    </message>
    <message>
      <source>Change…</source>
      <translation>更改…</translation>
    </message>
    <message>
      <source>Open the folder</source>
      <translation>打开文件夹</translation>
    </message>
    <message>
      <source>Task packages are saved in: %1</source>
      <translation>任务包保存位置：%1</translation>
    </message>
    <message>
      <source>Folder for task packages</source>
      <translation>选择任务包保存位置</translation>
    </message>
    <message>
      <source>Make task packages</source>
      <translation>生成任务包</translation>
    </message>
    <message>
      <source>%1 task packages made.</source>
      <translation>已生成 %1 个任务包。</translation>
    </message>
    <message>
      <source>In folder: %1</source>
      <translation>保存位置：%1</translation>
    </message>
  </context>
</TS>
