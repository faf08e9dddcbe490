<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>ecodesk</name>
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
      <source>Saved automatically · last change %1</source>
      <translation>已自动保存 · 最后修改 %1</translation>
    </message>
    <message>
      <source>Marked complete.</source>
      <translation>已标记为完成。</translation>
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
      <source>No changes recorded yet.</source>
      <translation>还没有修改记录。</translation>
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
      <source>&amp;Settings</source>
      <translation>设置(&amp;S)</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>已保存。</translation>
    </message>
    <message>
      <source>Period:</source>
      <translation>填报期：</translation>
    </message>
    <message>
      <source>%1 period</source>
      <translation>%1 年度</translation>
    </message>
    <message>
      <source>%1 · %2 period · ecodesk</source>
      <translation>%1 · %2 年度 · ecodesk</translation>
    </message>
    <message>
      <source>Welcome to ecodesk</source>
      <translation>欢迎使用 ecodesk</translation>
    </message>
    <message>
      <source>There is no workspace on this computer yet.
Choose your office to create one, or look around in the demo first.</source>
      <translation>这台电脑上还没有工作区。
请选择本单位并新建工作区，或先打开演示工作区看一看。</translation>
    </message>
    <message>
      <source>Create the workspace for this office</source>
      <translation>为本单位新建工作区</translation>
    </message>
    <message>
      <source>Open the demo (成县, sample data)</source>
      <translation>打开演示工作区（成县，示例数据）</translation>
    </message>
    <message>
      <source>Building the demo workspace…</source>
      <translation>正在生成演示工作区…</translation>
    </message>
    <message>
      <source>Office:</source>
      <translation>填报单位：</translation>
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
      <source>Task</source>
      <translation>任务</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Edit %1</source>
      <translation>修改%1</translation>
    </message>
  </context>
</TS>
