<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>ecodesk</name>
    <message>
      <source>&amp;Settings</source>
      <translation>设置(&amp;S)</translation>
    </message>
    <message>
      <source>Automatic backup</source>
      <translation>自动备份</translation>
    </message>
    <message>
      <source>Where should ecodesk keep a second copy of your work?</source>
      <translation>把工作的第二份副本保存在哪里？</translation>
    </message>
    <message>
      <source>If this computer's disk fails or Windows is reinstalled, everything typed here is lost with it. Choose a second place, on a USB stick or another drive: each day, when you close the window, ecodesk writes a checked backup there.</source>
      <translation>这台电脑的硬盘坏了或重装系统时，在这里填写的一切都会随之丢失。请选择第二个位置（U盘或另一块硬盘）：每天关闭窗口时，ecodesk 会在那里写入一份经过校验的备份。</translation>
    </message>
    <message>
      <source>The backups hold this computer's secret keys: keep the stick as safe as the office seal.</source>
      <translation>备份中含有本机的私钥：请像对待公章一样保管这个U盘。</translation>
    </message>
    <message>
      <source>e.g. E:\ecodesk backups</source>
      <translation>例如 E:\ecodesk备份</translation>
    </message>
    <message>
      <source>Browse…</source>
      <translation>浏览…</translation>
    </message>
    <message>
      <source> backups</source>
      <translation> 份</translation>
    </message>
    <message>
      <source>Backup place:</source>
      <translation>备份位置：</translation>
    </message>
    <message>
      <source>Keep the newest:</source>
      <translation>保留最近：</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <source>Backup place</source>
      <translation>备份位置</translation>
    </message>
    <message>
      <source>Automatic backup…</source>
      <translation>自动备份…</translation>
    </message>
    <message>
      <source>No backup for a week</source>
      <translation>已一周没有备份</translation>
    </message>
    <message>
      <source>Change backup place…</source>
      <translation>更改备份位置…</translation>
    </message>
    <message>
      <source>Later</source>
      <translation>以后再说</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Choose a folder first.</source>
      <translation>请先选择一个文件夹。</translation>
    </message>
    <message>
      <source>Automatic backup to %1…</source>
      <translation>正在自动备份到 %1…</translation>
    </message>
    <message>
      <source>Back up workspace</source>
      <translation>备份工作区</translation>
    </message>
    <message>
      <source>Backing up the workspace…</source>
      <translation>正在备份工作区…</translation>
    </message>
    <message>
      <source>Workspace backed up</source>
      <translation>工作区已备份</translation>
    </message>
    <message>
      <source>Backup not saved</source>
      <translation>备份未保存</translation>
    </message>
    <message>
      <source>Restore from backup</source>
      <translation>从备份恢复</translation>
    </message>
    <message>
      <source>Restoring the workspace…</source>
      <translation>正在恢复工作区…</translation>
    </message>
    <message>
      <source>Zip archives (*.zip)</source>
      <translation>Zip 压缩包 (*.zip)</translation>
    </message>
    <message>
      <source>In folder: %1</source>
      <translation>所在文件夹：%1</translation>
    </message>
    <message>
      <source>The backup holds this computer's secret keys: keep it as safe as the office seal.</source>
      <translation>备份中含有本机的私钥，请像保管公章一样妥善保管这个文件。</translation>
    </message>
    <message>
      <source>Saved %1 (%2, %3 evidence file(s)); it was read back and verified.</source>
      <translation>已保存 %1（%2，%3 个佐证材料），已读回校验无误。</translation>
    </message>
    <message>
      <source>Export data bundle</source>
      <translation>导出数据包</translation>
    </message>
    <message>
      <source>Changes since the last bundle the task force confirmed</source>
      <translation>上次工作专班确认收到以来的改动（通常选这项）</translation>
    </message>
    <message>
      <source>Every entry of the period (full bundle)</source>
      <translation>本年度的全部填报（完整数据包）</translation>
    </message>
    <message>
      <source>Choose…</source>
      <translation>选择…</translation>
    </message>
    <message>
      <source>Open folder</source>
      <translation>打开所在文件夹</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <source>Folder for the bundle</source>
      <translation>数据包保存到的文件夹</translation>
    </message>
    <message>
      <source>Writing the data bundle…</source>
      <translation>正在写入数据包…</translation>
    </message>
    <message>
      <source>Confirm the task force's key</source>
      <translation>核对工作专班的公钥</translation>
    </message>
    <message>
      <source>4 groups of 4 letters or digits</source>
      <translation>四组，每组四个字母或数字</translation>
    </message>
    <message>
      <source>Fingerprint in this package:</source>
      <translation>本任务包中的指纹：</translation>
    </message>
    <message>
      <source>Trust and import</source>
      <translation>信任并导入</translation>
    </message>
    <message>
      <source>My key</source>
      <translation>本机密钥</translation>
    </message>
    <message>
      <source>Office:</source>
      <translation>填报单位：</translation>
    </message>
    <message>
      <source>Fingerprint:</source>
      <translation>指纹：</translation>
    </message>
    <message>
      <source>Key id:</source>
      <translation>密钥编号：</translation>
    </message>
    <message>
      <source>Save public key file…</source>
      <translation>保存公钥文件…</translation>
    </message>
    <message>
      <source>Save public key file</source>
      <translation>保存公钥文件</translation>
    </message>
    <message>
      <source>Checking and importing the task package…</source>
      <translation>正在核对并导入任务包…</translation>
    </message>
    <message>
      <source>Save in folder (for example a USB stick):</source>
      <translation>保存到文件夹（例如 U 盘）：</translation>
    </message>
    <message>
      <source>Choose an existing folder first.</source>
      <translation>请先选择一个已存在的文件夹。</translation>
    </message>
    <message>
      <source>Read back after writing: the file on disk is complete and correct.</source>
      <translation>写入后已读回核对：磁盘上的文件完整无误。</translation>
    </message>
    <message>
      <source>Type the fingerprint from the letter:</source>
      <translation>请输入函件上的指纹：</translation>
    </message>
    <message>
      <source>✓ The fingerprints match.</source>
      <translation>✓ 指纹一致。</translation>
    </message>
    <message>
      <source>✗ The fingerprints differ (the groups in red). Do not import this package; call the task force.</source>
      <translation>✗ 指纹不一致（红色的组不同）。请勿导入该任务包，并致电工作专班。</translation>
    </message>
    <message>
      <source>To enroll this office, send the public key file to the task force and read the fingerprint out to them by phone (or print it on a stamped letter). The file holds no secret; your private key never leaves this computer.</source>
      <translation>登记本单位时，请把公钥文件发给工作专班，并通过电话读出指纹（或打印在盖章函件上）。公钥文件不含任何秘密，私钥始终只保存在本机。</translation>
    </message>
    <message>
      <source>Public key files (*.json)</source>
      <translation>公钥文件 (*.json)</translation>
    </message>
    <message>
      <source>Not exported: %1</source>
      <translation>未导出：%1</translation>
    </message>
    <message>
      <source>%1-public-key.json</source>
      <translation>%1-公钥.json</translation>
    </message>
    <message>
      <source>Written: %1</source>
      <translation>已写入：%1</translation>
    </message>
    <message>
      <source>full</source>
      <translation>完整</translation>
    </message>
    <message>
      <source>changes only</source>
      <translation>仅改动部分</translation>
    </message>
    <message>
      <source>%1 is the first task package from the task force. Before ecodesk trusts it, type the key fingerprint printed on the task force's stamped letter (or read out to you by phone); ecodesk then compares it with the key that signed this package.</source>
      <translation>%1 是工作专班发来的第一个任务包。ecodesk 信任它之前，请输入工作专班盖章函件上印的公钥指纹（或电话中读给您的指纹）；输入后 ecodesk 再与签署该任务包的公钥逐组比对。</translation>
    </message>
    <message>
      <source>Not saved: %1</source>
      <translation>未保存：%1</translation>
    </message>
    <message>
      <source>Saved to %1. Send it to the task force and tell them the fingerprint %2.</source>
      <translation>已保存到 %1。请把它发给工作专班，并告知指纹 %2。</translation>
    </message>
    <message>
      <source>Data bundle of %1 for the %2 period, signed and encrypted for the task force.</source>
      <translation>%1 %2 年度的数据包，已签名并加密，只有工作专班能打开。</translation>
    </message>
    <message>
      <source>%1 entries, %2 evidence files (%3).</source>
      <translation>%1 条填报，%2 个佐证材料（%3）。</translation>
    </message>
    <message>
      <source>Back as it was: the entry is complete again.</source>
      <translation>已恢复原状：此条目重新为“已完成”。</translation>
    </message>
    <message>
      <source>Choose a task on the left.</source>
      <translation>请在左侧选择一项任务。</translation>
    </message>
    <message>
      <source>Undo</source>
      <translation>撤销</translation>
    </message>
    <message>
      <source>Redo</source>
      <translation>重做</translation>
    </message>
    <message>
      <source>History</source>
      <translation>修改记录</translation>
    </message>
    <message>
      <source>Mark complete</source>
      <translation>标记为已完成</translation>
    </message>
    <message>
      <source>Not saved yet: typing saves automatically</source>
      <translation>尚未保存：输入后会自动保存</translation>
    </message>
    <message>
      <source>Editing…</source>
      <translation>正在编辑…</translation>
    </message>
    <message>
      <source>Read-only · nothing entered yet</source>
      <translation>只读 · 尚未填写</translation>
    </message>
    <message>
      <source>Saved automatically · last change %1</source>
      <translation>已自动保存 · 最后修改 %1</translation>
    </message>
    <message>
      <source>This entry was complete; with this change it is a draft again. When it is ready, press Mark complete again; Undo (Ctrl+Z) puts it back as it was, complete.</source>
      <translation>此条目原为“已完成”，这次修改后变回“草稿”。改好后请再点“标记为已完成”；撤销（Ctrl+Z）可恢复原样，仍为“已完成”。</translation>
    </message>
    <message>
      <source>Complete → draft: see the note above the buttons.</source>
      <translation>已完成 → 草稿：见按钮上方的提示。</translation>
    </message>
    <message>
      <source>Marked complete.</source>
      <translation>已标记为完成。</translation>
    </message>
    <message>
      <source>Read-only · last change %1</source>
      <translation>只读 · 最后修改 %1</translation>
    </message>
    <message>
      <source>Attached %1.</source>
      <translation>已添加 %1。</translation>
    </message>
    <message>
      <source>Copying %1…</source>
      <translation>正在复制 %1…</translation>
    </message>
    <message>
      <source>No program to open %1.</source>
      <translation>没有可以打开 %1 的程序。</translation>
    </message>
    <message>
      <source>Corrective measures</source>
      <translation>整改措施</translation>
    </message>
    <message>
      <source>Accepted by the task force: this entry is locked.</source>
      <translation>工作专班已审核通过：本记录已锁定。</translation>
    </message>
    <message>
      <source>Not applicable to this office</source>
      <translation>本单位不适用</translation>
    </message>
    <message>
      <source>What the office plans to do this period, who and by when</source>
      <translation>本期计划安排：做什么、由谁负责、何时完成</translation>
    </message>
    <message>
      <source>Required as soon as an indicator is not met</source>
      <translation>有指标未达标时必须填写</translation>
    </message>
    <message>
      <source>Plan</source>
      <translation>计划安排</translation>
    </message>
    <message>
      <source>Not applicable</source>
      <translation>不适用</translation>
    </message>
    <message>
      <source>Reason</source>
      <translation>理由</translation>
    </message>
    <message>
      <source>Evidence</source>
      <translation>佐证材料</translation>
    </message>
    <message>
      <source>Why it does not apply (required)</source>
      <translation>不适用的理由（必填）</translation>
    </message>
    <message>
      <source>Indicators</source>
      <translation>指标数据</translation>
    </message>
    <message>
      <source>Returned by the task force: %1</source>
      <translation>工作专班退回意见：%1</translation>
    </message>
    <message>
      <source>Lead: %1</source>
      <translation>牵头单位：%1</translation>
    </message>
    <message>
      <source>Requirement in the plan</source>
      <translation>方案要求</translation>
    </message>
    <message>
      <source>(required: an indicator is not met)</source>
      <translation>（必填：有指标未达标）</translation>
    </message>
    <message>
      <source>Cooperating: %1</source>
      <translation>配合单位：%1</translation>
    </message>
    <message>
      <source>Whole task</source>
      <translation>整个任务</translation>
    </message>
    <message>
      <source>Which indicator the files you add support; the task as a whole if none</source>
      <translation>新添加的文件佐证哪项指标；不选则佐证整个任务</translation>
    </message>
    <message>
      <source>Supports:</source>
      <translation>所属指标：</translation>
    </message>
    <message>
      <source>Set to this indicator</source>
      <translation>改为此指标</translation>
    </message>
    <message>
      <source>Let the selected file support the indicator chosen on the left</source>
      <translation>把选中的文件改为佐证左边所选的指标</translation>
    </message>
    <message>
      <source>Add files…</source>
      <translation>添加文件…</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>打开</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>移除</translation>
    </message>
    <message>
      <source>or drag files here; they are copied into the workspace at once</source>
      <translation>或将文件拖到这里；文件会立即复制到工作区</translation>
    </message>
    <message>
      <source>Add evidence files</source>
      <translation>添加佐证材料</translation>
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
      <source>Added</source>
      <translation>添加时间</translation>
    </message>
    <message>
      <source>no value</source>
      <translation>无数据</translation>
    </message>
    <message>
      <source>Yes</source>
      <translation>是</translation>
    </message>
    <message>
      <source>No</source>
      <translation>否</translation>
    </message>
    <message>
      <source>Target: %1</source>
      <translation>目标：%1</translation>
    </message>
    <message>
      <source>Previous period (%1): %2</source>
      <translation>上期（%1年）：%2</translation>
    </message>
    <message>
      <source>Cannot read or write %1 (%2). If it is a USB stick, check that it is still plugged in.</source>
      <translation>无法读写 %1（%2）。如果是U盘，请检查它是否还插着。</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <source>Import task package</source>
      <translation>导入任务包</translation>
    </message>
    <message>
      <source>Task package not imported</source>
      <translation>任务包未导入</translation>
    </message>
    <message>
      <source>Task package imported</source>
      <translation>任务包已导入</translation>
    </message>
    <message>
      <source>Export data bundle…</source>
      <translation>导出数据包…</translation>
    </message>
    <message>
      <source>Import task package…</source>
      <translation>导入任务包…</translation>
    </message>
    <message>
      <source>My key…</source>
      <translation>本机密钥…</translation>
    </message>
    <message>
      <source>Create Excel template…</source>
      <translation>生成Excel模板…</translation>
    </message>
    <message>
      <source>Import Excel template…</source>
      <translation>导入Excel模板…</translation>
    </message>
    <message>
      <source>Print report (PDF)…</source>
      <translation>打印报告（PDF）…</translation>
    </message>
    <message>
      <source>Yearly archive…</source>
      <translation>年度归档…</translation>
    </message>
    <message>
      <source>Export summary workbook…</source>
      <translation>导出汇总表…</translation>
    </message>
    <message>
      <source>Back up workspace…</source>
      <translation>备份工作区…</translation>
    </message>
    <message>
      <source>Export bundle</source>
      <translation>导出数据包</translation>
    </message>
    <message>
      <source>Print report</source>
      <translation>打印报告</translation>
    </message>
    <message>
      <source>Task packages (*.ecp)</source>
      <translation>任务包 (*.ecp)</translation>
    </message>
    <message>
      <source>%1 imported.</source>
      <translation>已导入 %1。</translation>
    </message>
    <message>
      <source>File → My key…: save the public key file and send it to the task force (email or USB stick).</source>
      <translation>文件 → 本机密钥…：保存公钥文件，通过邮件或 U 盘发给工作专班。</translation>
    </message>
    <message>
      <source>Call the task force and read out this computer's fingerprint (four groups of four characters); they enroll your office with it.</source>
      <translation>给工作专班打电话，读出本机的指纹（四组，每组四个字符），工作专班据此登记本单位。</translation>
    </message>
    <message>
      <source>Wait for the task force's first task package (.ecp). File → Import task package…, then type the fingerprint from the task force's stamped letter: only if it matches is the package imported.</source>
      <translation>等待工作专班发来的第一个任务包（.ecp）。文件 → 导入任务包…，再输入工作专班盖章函件上的指纹：一致才会导入。</translation>
    </message>
    <message>
      <source>Pick a task on the left; fill in the values, the plan and the evidence, then press Mark complete.</source>
      <translation>在左侧选择任务，填写指标数据、计划安排和佐证材料，然后点“标记为已完成”。</translation>
    </message>
    <message>
      <source>File → Export data bundle… (Ctrl+E) and send the bundle to the task force; the status bar says how many changes are not sent yet.</source>
      <translation>文件 → 导出数据包…（Ctrl+E），把数据包发给工作专班；状态栏会显示还有多少改动尚未发送。</translation>
    </message>
    <message>
      <source>Keys and enrollment tab: print this task force's fingerprint on a stamped letter to every office.</source>
      <translation>“密钥与登记”页：把本专班的公钥指纹打印在盖章函件上，发给各单位。</translation>
    </message>
    <message>
      <source>When an office sends its public key file and reads out its fingerprint by phone, enroll it on the same tab (the fingerprints are compared).</source>
      <translation>某单位发来公钥文件并在电话中读出指纹后，在同一页登记该单位（核对指纹）。</translation>
    </message>
    <message>
      <source>Assignments and targets tab: check the assignments, enter the targets the province handed down, then make the task packages of the enrolled offices and send them.</source>
      <translation>“任务分配与下达目标”页：核对任务分配，填写省级下达目标，然后为已登记的单位生成任务包并发出。</translation>
    </message>
    <message>
      <source>When bundles arrive: Import bundles… on the toolbar; open a cell of the overview to review it: accept or return.</source>
      <translation>收到数据包后：点工具栏的“导入数据包…”；在“总览”中打开单元格进行审核：通过或退回。</translation>
    </message>
    <message>
      <source>At the end of the year: Yearly archive… builds the city's archive.</source>
      <translation>年底：用“年度归档…”生成全市的年度档案。</translation>
    </message>
    <message>
      <source>First steps…</source>
      <translation>入门步骤…</translation>
    </message>
    <message>
      <source>First steps</source>
      <translation>入门步骤</translation>
    </message>
    <message>
      <source>Indicator values</source>
      <translation>指标值</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Review</source>
      <translation>审核</translation>
    </message>
    <message>
      <source>Review comment</source>
      <translation>审核意见</translation>
    </message>
    <message>
      <source>Created</source>
      <translation>创建</translation>
    </message>
    <message>
      <source>Draft</source>
      <translation>草稿</translation>
    </message>
    <message>
      <source>Complete</source>
      <translation>已完成</translation>
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
      <source>No changes recorded yet.</source>
      <translation>还没有修改记录。</translation>
    </message>
    <message>
      <source>added %1</source>
      <translation>添加 %1</translation>
    </message>
    <message>
      <source>removed %1</source>
      <translation>移除 %1</translation>
    </message>
    <message>
      <source>Rev.</source>
      <translation>版本</translation>
    </message>
    <message>
      <source>When</source>
      <translation>时间</translation>
    </message>
    <message>
      <source>Who</source>
      <translation>修改人</translation>
    </message>
    <message>
      <source>Field</source>
      <translation>字段</translation>
    </message>
    <message>
      <source>Before</source>
      <translation>修改前</translation>
    </message>
    <message>
      <source>After</source>
      <translation>修改后</translation>
    </message>
    <message>
      <source>History: %1</source>
      <translation>修改记录：%1</translation>
    </message>
    <message>
      <source>Period</source>
      <translation>填报期</translation>
    </message>
    <message>
      <source>&amp;Edit</source>
      <translation>编辑(&amp;E)</translation>
    </message>
    <message>
      <source>No changes waiting to be sent</source>
      <translation>没有待发送的改动</translation>
    </message>
    <message>
      <source>Read-only: this workspace can be viewed but not changed</source>
      <translation>只读：此工作区只能查看，不能修改</translation>
    </message>
    <message>
      <source>%1 · %2 period · ecodesk</source>
      <translation>%1 · %2 年度 · ecodesk</translation>
    </message>
    <message>
      <source>%1 changed entries not sent yet (this copy is read-only)</source>
      <translation>有 %1 项改动尚未发送（此工作区只读）</translation>
    </message>
    <message>
      <source>%1 changed entries not sent yet (Export bundle, Ctrl+E)</source>
      <translation>有 %1 项改动尚未发送（导出数据包，Ctrl+E）</translation>
    </message>
    <message>
      <source>Period:</source>
      <translation>填报期：</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>已保存。</translation>
    </message>
    <message>
      <source>%1 period</source>
      <translation>%1 年度</translation>
    </message>
    <message>
      <source>ecodesk · the database needs restoring</source>
      <translation>ecodesk · 数据库需要恢复</translation>
    </message>
    <message>
      <source>This usually comes from a failing disk, a power cut or an antivirus. Restore the latest good backup: what was changed after it was made must be typed again; the damaged workspace is kept beside it, renamed.</source>
      <translation>这通常是硬盘故障、突然断电或杀毒软件造成的。请从最近一次完好的备份恢复：备份之后的修改需要重新填写；损坏的工作区会改名保留在旁边。</translation>
    </message>
    <message>
      <source>Checking the backups in the automatic backup place…</source>
      <translation>正在检查自动备份位置中的备份…</translation>
    </message>
    <message>
      <source>Restore the latest backup</source>
      <translation>从最近的备份恢复</translation>
    </message>
    <message>
      <source>Choose another backup file…</source>
      <translation>选择其他备份文件…</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>退出</translation>
    </message>
    <message>
      <source>This computer's ecodesk database is missing.</source>
      <translation>找不到本机的 ecodesk 数据库。</translation>
    </message>
    <message>
      <source>This computer's ecodesk database is damaged and cannot be opened.</source>
      <translation>本机的 ecodesk 数据库已损坏，无法打开。</translation>
    </message>
    <message>
      <source>No good backup was found in the automatic backup place.</source>
      <translation>在自动备份位置没有找到完好的备份。</translation>
    </message>
    <message>
      <source>Details: %1</source>
      <translation>详细信息：%1</translation>
    </message>
    <message>
      <source>Latest good backup: %1</source>
      <translation>最近一次完好的备份：%1</translation>
    </message>
    <message>
      <source>Correct what is listed, then export the data bundle again: it takes the same number and carries every change since the task force last confirmed receipt.</source>
      <translation>请改正以上问题，然后重新导出数据包：新数据包沿用这个序号，包含工作专班上次确认收到以来的全部修改。</translation>
    </message>
    <message>
      <source>Export the data bundle again…</source>
      <translation>重新导出数据包…</translation>
    </message>
    <message>
      <source>The task force refused bundle %1 (%2): nothing in it was imported.</source>
      <translation>工作专班拒收了第 %1 号数据包（%2），其中的数据一概未导入。</translation>
    </message>
    <message>
      <source>… and %1 more</source>
      <translation>……另有 %1 行</translation>
    </message>
    <message>
      <source>Sheet</source>
      <translation>工作表</translation>
    </message>
    <message>
      <source>Cell</source>
      <translation>单元格</translation>
    </message>
    <message>
      <source>What is wrong</source>
      <translation>错误原因</translation>
    </message>
    <message>
      <source>Excel template not imported</source>
      <translation>Excel模板未导入</translation>
    </message>
    <message>
      <source>Save yearly archive</source>
      <translation>保存年度归档</translation>
    </message>
    <message>
      <source>Writing the yearly archive…</source>
      <translation>正在生成年度归档…</translation>
    </message>
    <message>
      <source>Save summary workbook</source>
      <translation>保存汇总表</translation>
    </message>
    <message>
      <source>Writing the summary workbook…</source>
      <translation>正在生成汇总表…</translation>
    </message>
    <message>
      <source>Save Excel template</source>
      <translation>保存Excel模板</translation>
    </message>
    <message>
      <source>Writing the Excel template…</source>
      <translation>正在生成Excel模板…</translation>
    </message>
    <message>
      <source>Import filled Excel template</source>
      <translation>导入已填写的Excel模板</translation>
    </message>
    <message>
      <source>Checking the Excel template…</source>
      <translation>正在检查Excel模板…</translation>
    </message>
    <message>
      <source>Nothing differs from the data here.</source>
      <translation>与本机数据相比没有不同。</translation>
    </message>
    <message>
      <source>Excel template imported</source>
      <translation>Excel模板已导入</translation>
    </message>
    <message>
      <source>Undoing the import…</source>
      <translation>正在撤销导入…</translation>
    </message>
    <message>
      <source>Import undone</source>
      <translation>已撤销导入</translation>
    </message>
    <message>
      <source>Save printable report</source>
      <translation>保存打印报告</translation>
    </message>
    <message>
      <source>Writing the report…</source>
      <translation>正在生成报告…</translation>
    </message>
    <message>
      <source>Excel workbooks (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <source>Not saved</source>
      <translation>未保存</translation>
    </message>
    <message>
      <source>Undo this import</source>
      <translation>撤销此次导入</translation>
    </message>
    <message>
      <source>PDF files (*.pdf)</source>
      <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
      <source>Yearly archive</source>
      <translation>年度归档</translation>
    </message>
    <message>
      <source>Summary workbook</source>
      <translation>汇总表</translation>
    </message>
    <message>
      <source>%1-%2-template.xlsx</source>
      <translation>%1-%2-填报模板.xlsx</translation>
    </message>
    <message>
      <source>Excel template</source>
      <translation>Excel模板</translation>
    </message>
    <message>
      <source>Import not undone</source>
      <translation>未能撤销导入</translation>
    </message>
    <message>
      <source>Tasks %1 are back as they were before the import.</source>
      <translation>任务 %1 已恢复为导入之前的内容。</translation>
    </message>
    <message>
      <source>%1-%2-report.pdf</source>
      <translation>%1-%2-填报报告.pdf</translation>
    </message>
    <message>
      <source>Printable report</source>
      <translation>打印报告</translation>
    </message>
    <message>
      <source>%1 has %2 problem(s). Nothing was imported; correct these cells and import the file again.</source>
      <translation>%1 有 %2 处错误，未导入任何数据。请改正这些单元格后重新导入。</translation>
    </message>
    <message>
      <source>Saved %1.</source>
      <translation>已保存 %1。</translation>
    </message>
    <message>
      <source>Imported %1: %2 task(s) changed.</source>
      <translation>已导入 %1：%2 项任务有改动。</translation>
    </message>
    <message>
      <source>In folder: %1
Fill in the yellow cells in Excel or WPS, then use File → Import Excel template.</source>
      <translation>所在文件夹：%1
请在 Excel 或 WPS 中填写黄色单元格，然后用“文件 → 导入Excel模板”导入。</translation>
    </message>
    <message>
      <source>In folder: %1
Print it, sign and stamp it.</source>
      <translation>所在文件夹：%1
请打印后签字盖章。</translation>
    </message>
    <message>
      <source>Saved %1: the Excel workbook and %2 evidence file(s), with their SHA-256 hashes.</source>
      <translation>已保存 %1：含Excel工作簿和 %2 个佐证材料，并附 SHA-256 校验值。</translation>
    </message>
    <message>
      <source>Saved %1 (%2 pages).</source>
      <translation>已保存 %1（共 %2 页）。</translation>
    </message>
    <message>
      <source>In folder: %1
Also inside: %2 office report(s), %3 signed bundle(s) and %4 public key(s). The file list is signed (manifest-sha256.txt.minisig); README.txt says how to check it without ecodesk.</source>
      <translation>所在文件夹：%1
另含 %2 份单位报告、%3 个已签名数据包和 %4 个公钥。文件清单已签名（manifest-sha256.txt.minisig）；说明.txt 写明不用 ecodesk 如何核验。</translation>
    </message>
    <message>
      <source>Excel template is older than your work</source>
      <translation>Excel 模板比本机的数据旧</translation>
    </message>
    <message>
      <source>Keep all values here</source>
      <translation>全部保留本机的值</translation>
    </message>
    <message>
      <source>Take all values from the template</source>
      <translation>全部采用模板的值</translation>
    </message>
    <message>
      <source>Import</source>
      <translation>导入</translation>
    </message>
    <message>
      <source>Task</source>
      <translation>任务</translation>
    </message>
    <message>
      <source>In the template</source>
      <translation>模板中的值</translation>
    </message>
    <message>
      <source>Here now</source>
      <translation>本机当前的值</translation>
    </message>
    <message>
      <source>Keep</source>
      <translation>采用</translation>
    </message>
    <message>
      <source>%1 was made before these tasks were changed here. For each field choose which value to keep. Nothing is imported until you press Import.</source>
      <translation>%1 制作之后，下列任务已在本机修改过。请逐项选择保留哪一个值；按“导入”之前不会导入任何数据。</translation>
    </message>
    <message>
      <source>Value here</source>
      <translation>本机的值</translation>
    </message>
    <message>
      <source>Template value</source>
      <translation>模板的值</translation>
    </message>
    <message>
      <source>Welcome to ecodesk</source>
      <translation>欢迎使用 ecodesk</translation>
    </message>
    <message>
      <source>There is no workspace on this computer yet.
Choose your office to create one, or look around in the demo first.
A new computer? Restore your workspace from a backup.</source>
      <translation>这台电脑上还没有工作区。
请选择本单位并新建工作区，或先打开演示工作区看一看。
换了电脑？可以从备份恢复工作区。</translation>
    </message>
    <message>
      <source>Create the workspace…</source>
      <translation>创建工作区…</translation>
    </message>
    <message>
      <source>Open the demo (成县, sample data)</source>
      <translation>打开演示工作区（成县，示例数据）</translation>
    </message>
    <message>
      <source>Restore from backup…</source>
      <translation>从备份恢复…</translation>
    </message>
    <message>
      <source>A new computer? Restore the workspace from a backup zip into the folder below.</source>
      <translation>换了电脑？从备份 zip 文件把工作区恢复到下面这个文件夹（不会覆盖任何已有内容）。</translation>
    </message>
    <message>
      <source>For a reporting office (a county, the development zone, a department):</source>
      <translation>填报单位（县区、开发区或市直部门）：</translation>
    </message>
    <message>
      <source>For the municipal task force (工作专班), which receives and reviews every office's data</source>
      <translation>市工作专班（接收并审核各单位的数据）</translation>
    </message>
    <message>
      <source>Choose your office…</source>
      <translation>请选择本单位…</translation>
    </message>
    <message>
      <source>the municipal task force</source>
      <translation>市工作专班</translation>
    </message>
    <message>
      <source>Create the workspace</source>
      <translation>创建工作区</translation>
    </message>
    <message>
      <source>Building the demo workspace…</source>
      <translation>正在生成演示工作区…</translation>
    </message>
    <message>
      <source>Choose your office first.</source>
      <translation>请先选择本单位。</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>返回修改</translation>
    </message>
    <message>
      <source>Create the workspace of %1?</source>
      <translation>为“%1”创建工作区？</translation>
    </message>
    <message>
      <source>Folder: %1
The office of a workspace cannot be changed later.</source>
      <translation>文件夹：%1
工作区所属单位创建后不能更改。</translation>
    </message>
    <message>
      <source>Create for %1</source>
      <translation>为 %1 创建</translation>
    </message>
    <message>
      <source>Workspace folder: %1</source>
      <translation>工作区文件夹：%1</translation>
    </message>
    <message>
      <source>All statuses</source>
      <translation>全部状态</translation>
    </message>
    <message>
      <source>Search by number or words (Ctrl+F)</source>
      <translation>按编号或关键词搜索（Ctrl+F）</translation>
    </message>
    <message>
      <source>Completed %1/%2</source>
      <translation>已完成 %1/%2</translation>
    </message>
    <message>
      <source>Returned for correction</source>
      <translation>退回待修改</translation>
    </message>
    <message>
      <source>No.</source>
      <translation>序号</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Edit %1</source>
      <translation>修改%1</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <source>Evidence size limit…</source>
      <translation>佐证材料大小上限…</translation>
    </message>
    <message>
      <source>My name…</source>
      <translation>我的姓名…</translation>
    </message>
    <message>
      <source>Exit</source>
      <translation>退出</translation>
    </message>
    <message>
      <source>Your name</source>
      <translation>您的姓名</translation>
    </message>
    <message>
      <source>Your name is recorded with every change you make and shown in the history and to the task force. It is asked once and kept on this computer; change it under Settings → My name.</source>
      <translation>您的姓名会记录在每一处修改中，显示在修改记录里，工作专班也能看到。只问这一次，保存在本机；以后可在“设置 → 我的姓名”中修改。</translation>
    </message>
    <message>
      <source>for example 张红 (成县生态环境局)</source>
      <translation>例如：张红（成县生态环境局）</translation>
    </message>
    <message>
      <source>Changes are now recorded as %1.</source>
      <translation>此后的修改将记录为：%1。</translation>
    </message>
    <message>
      <source>Evidence size limit: %1 MB</source>
      <translation>佐证材料大小上限：%1 MB</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <source>About ecodesk…</source>
      <translation>关于 ecodesk…</translation>
    </message>
    <message>
      <source>Read-only</source>
      <translation>只读</translation>
    </message>
    <message>
      <source>%1 is on read-only media or was opened read-only. To change it, copy the whole folder somewhere writable and open the copy.</source>
      <translation>%1 位于只读介质上或以只读方式打开。如需修改，请把整个文件夹复制到可写的位置，再打开副本。</translation>
    </message>
    <message>
      <source>About ecodesk</source>
      <translation>关于 ecodesk</translation>
    </message>
    <message>
      <source>Workspace</source>
      <translation>工作区</translation>
    </message>
    <message>
      <source>ecodesk: Longnan eco-civilization indicators</source>
      <translation>ecodesk：陇南市生态文明建设示范市指标填报、审核与归档</translation>
    </message>
    <message>
      <source>Its database is from an older ecodesk (version %1); it is shown converted in memory, and the file is not changed.</source>
      <translation>其数据库来自旧版 ecodesk（版本 %1），已在内存中转换后显示，文件未作任何改动。</translation>
    </message>
    <message>
      <source>The database was upgraded from version %1 to %2. A copy from before the upgrade is at:</source>
      <translation>数据库已从版本 %1 升级到 %2。升级前的副本保存在：</translation>
    </message>
    <message>
      <source>Evidence size limit</source>
      <translation>佐证材料大小上限</translation>
    </message>
    <message>
      <source>Larger evidence files are refused when they are added. Files already attached stay.</source>
      <translation>超过上限的佐证材料在添加时会被拒绝；已添加的文件不受影响。</translation>
    </message>
  </context>
</TS>
