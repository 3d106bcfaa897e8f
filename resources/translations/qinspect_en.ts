<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>BarChart</name>
    <message>
        <source>保存为 PNG 图片…</source>
        <translation>Save as PNG image…</translation>
    </message>
    <message>
        <source>保存图表</source>
        <translation>Save chart</translation>
    </message>
    <message>
        <source>PNG 图片 (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
</context>
<context>
    <name>Bundles</name>
    <message>
        <source>qinspect 数据包 (*{0})</source>
        <translation>qinspect bundles (*{0})</translation>
    </message>
    <message>
        <source>导入数据包</source>
        <translation>Import bundle</translation>
    </message>
    <message>
        <source>导出数据包</source>
        <translation>Export bundle</translation>
    </message>
    <message>
        <source>信任新设备？</source>
        <translation>Trust a new device?</translation>
    </message>
    <message>
        <source>信任并导入</source>
        <translation>Trust and import</translation>
    </message>
    <message>
        <source>数据包来自本机尚未信任的设备“{0}”。&lt;p style=&apos;font-size:20pt; font-family:monospace&apos;&gt;&lt;b&gt;{1}&lt;/b&gt;&lt;/p&gt;请与该设备“帮助 → 本机信息”中显示的指纹逐组当面（或电话）核对。只有指纹完全相同时才选择“信任并导入”。</source>
        <translation>The bundle comes from the device “{0}”, which this computer does not trust yet.&lt;p style=&apos;font-size:20pt; font-family:monospace&apos;&gt;&lt;b&gt;{1}&lt;/b&gt;&lt;/p&gt;Compare it group by group, in person or by phone, with the fingerprint shown on that device under Help → This computer. Choose “Trust and import” only if they are exactly the same.</translation>
    </message>
    <message>
        <source>已拒绝 {0}</source>
        <translation>Refused {0}</translation>
    </message>
    <message>
        <source>有冲突的检查两个版本都已保留，请在“冲突”窗口中决定。</source>
        <translation>Both versions of conflicting inspections were kept; decide in the Conflicts window.</translation>
    </message>
    <message>
        <source>导入结果</source>
        <translation>Import result</translation>
    </message>
    <message>
        <source>导出完成</source>
        <translation>Export finished</translation>
    </message>
    <message>
        <source>设置</source>
        <translation>setup</translation>
    </message>
    <message>
        <source>（未填）</source>
        <translation>(not answered)</translation>
    </message>
    <message>
        <source>整改：</source>
        <translation>Rectification: </translation>
    </message>
    <message>
        <source>期限 </source>
        <translation>Deadline </translation>
    </message>
</context>
<context>
    <name>ChecklistVersionsDialog</name>
    <message>
        <source>选择检查表模板</source>
        <translation>Choose checklist templates</translation>
    </message>
    <message>
        <source>检查表模板 (*.toml)</source>
        <translation>Checklist templates (*.toml)</translation>
    </message>
    <message>
        <source>发现 {0} 处问题，没有安装任何文件；请改正后再安装。</source>
        <translation>{0} problems found; nothing was installed. Correct them and install again.</translation>
    </message>
    <message>
        <source>已安装：{0}</source>
        <translation>Installed: {0}</translation>
    </message>
    <message>
        <source>已存在且内容相同：{0}</source>
        <translation>Already installed with the same content: {0}</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>评分标准</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>分值</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>分档</source>
        <translation>Tiers</translation>
    </message>
    <message>
        <source>定量档次</source>
        <translation>Thresholds</translation>
    </message>
    <message>
        <source>越低越好</source>
        <translation>Lower is better</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>每项分值</source>
        <translation>Points each</translation>
    </message>
    <message>
        <source>可不适用</source>
        <translation>May be not applicable</translation>
    </message>
    <message>
        <source>必答</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>新增年份</source>
        <translation>Year added</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>检查对象</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>类别满分</source>
        <translation>Category maxima</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Grades</translation>
    </message>
    <message>
        <source>加分上限</source>
        <translation>Bonus limit</translation>
    </message>
    <message>
        <source>称号分数线</source>
        <translation>Title threshold</translation>
    </message>
    <message>
        <source>由现场检查数据计算</source>
        <translation>Counted from field inspections</translation>
    </message>
    <message>
        <source>{0} 与 {1} 的检查内容相同。</source>
        <translation>{0} and {1} check the same items.</translation>
    </message>
    <message>
        <source>{0} → {1}：新增 {2} 项，删除 {3} 项，修改 {4} 项。</source>
        <translation>{0} → {1}: {2} added, {3} removed, {4} changed.</translation>
    </message>
    <message>
        <source>新增 {0} 项</source>
        <translation>{0} added</translation>
    </message>
    <message>
        <source>删除 {0} 项</source>
        <translation>{0} removed</translation>
    </message>
    <message>
        <source>修改 {0} 项</source>
        <translation>{0} changed</translation>
    </message>
    <message>
        <source>表头修改</source>
        <translation>Form changes</translation>
    </message>
</context>
<context>
    <name>ChecklistVersionsForm</name>
    <message>
        <source>检查表版本</source>
        <translation>Checklist Versions</translation>
    </message>
    <message>
        <source>已安装的检查表版本</source>
        <translation>Installed checklist versions</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>检查对象</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>内容指纹</source>
        <translation>Content hash</translation>
    </message>
    <message>
        <source>安装新版本(&amp;I)…</source>
        <translation>&amp;Install New Version…</translation>
    </message>
    <message>
        <source>选择一个或多个检查表模板文件（.toml），全部通过检查后才安装</source>
        <translation>Choose one or more template files (.toml); they are installed only when all pass the checks</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>条目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>比较两个版本</source>
        <translation>Compare two versions</translation>
    </message>
    <message>
        <source>旧版本(&amp;O)：</source>
        <translation>&amp;Old version:</translation>
    </message>
    <message>
        <source>新版本(&amp;N)：</source>
        <translation>&amp;New version:</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>修改的字段</source>
        <translation>Changed fields</translation>
    </message>
</context>
<context>
    <name>CloseDialog</name>
    <message>
        <source>手动销号</source>
        <translation>Close by hand</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>{0}：{1} {2}</source>
        <translation>{0}: {1} {2}</translation>
    </message>
    <message>
        <source>原因：</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>证据（可选）：</source>
        <translation>Evidence (optional):</translation>
    </message>
    <message>
        <source>选择证据文件</source>
        <translation>Choose evidence file</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>解决原因（写入审计日志，可不填）</source>
        <translation>Reason for the resolution (written to the audit log, optional)</translation>
    </message>
    <message>
        <source>按所选合并保存</source>
        <translation>Merge as Chosen and Save</translation>
    </message>
    <message>
        <source>{0}（{1}）
{2}  {3}  {4} 个版本</source>
        <translation>{0} ({1})
{2}  {3}  {4} versions</translation>
    </message>
    <message>
        <source>没有待解决的冲突。</source>
        <translation>There are no conflicts to resolve.</translation>
    </message>
    <message>
        <source>{0}：同一份检查有 {1} 个互不包含的版本。逐条比较后保留一个版本，或在“采用”列逐条选择后合并保存。</source>
        <translation>{0}: the same inspection has {1} versions that do not contain each other. Compare them item by item and keep one version, or choose item by item in the “Use” column and save the merge.</translation>
    </message>
    <message>
        <source>条目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>版本 {0}{1}
{2}（{3}）
{4}</source>
        <translation>Version {0}{1}
{2} ({3})
{4}</translation>
    </message>
    <message>
        <source>（当前显示）</source>
        <translation> (shown now)</translation>
    </message>
    <message>
        <source>未署名</source>
        <translation>unsigned</translation>
    </message>
    <message>
        <source>采用</source>
        <translation>Use</translation>
    </message>
    <message>
        <source>基本信息（日期、检查人、状态）</source>
        <translation>Basic information (date, inspector, status)</translation>
    </message>
    <message>
        <source>保留版本 {0}</source>
        <translation>Keep Version {0}</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>县(市、区)</source>
        <translation>County</translation>
    </message>
    <message>
        <source>乡镇(街道)考核总分排名</source>
        <translation>Township totals, ranked</translation>
    </message>
    <message>
        <source>各乡镇(街道)分类得分</source>
        <translation>Category scores per township</translation>
    </message>
    <message>
        <source>每月检查次数</source>
        <translation>Inspections per month</translation>
    </message>
    <message>
        <source>当年发现、年末未关闭的整改（最多的乡镇）</source>
        <translation>Rectifications found this year, still open at its end (townships with most)</translation>
    </message>
    <message>
        <source>参加考核的乡镇(街道)数（与上年对比）</source>
        <translation>Townships assessed (against the year before)</translation>
    </message>
    <message>
        <source>台州市（全部）</source>
        <translation>All of Taizhou</translation>
    </message>
    <message>
        <source>还没有任何年度考核，暂无图表。</source>
        <translation>No yearly assessment yet, so no charts.</translation>
    </message>
    <message>
        <source>暂无数据</source>
        <translation>No data</translation>
    </message>
    <message>
        <source>{0} 年暂无已评分或已确认的考核</source>
        <translation>No scored or confirmed assessment in {0}</translation>
    </message>
    <message>
        <source>命名门槛 {0:g} 分</source>
        <translation>Title threshold {0:g} points</translation>
    </message>
    <message>
        <source>总分</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>{0}月</source>
        <translation>{0}</translation>
    </message>
    <message>
        <source>检查次数</source>
        <translation>Inspections</translation>
    </message>
    <message>
        <source>未到期</source>
        <translation>Not yet due</translation>
    </message>
    <message>
        <source>已逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>没有未关闭的整改</source>
        <translation>No open rectifications</translation>
    </message>
    <message>
        <source>{0} 年</source>
        <translation>{0}</translation>
    </message>
    <message>
        <source>；橙色为一票否决</source>
        <translation>; orange: failed the veto</translation>
    </message>
    <message>
        <source>排名含已评分和已确认的考核；整改按年末（或今天）的状态统计；在图上点右键可保存为 PNG 图片{0}。</source>
        <translation>The ranking counts scored and confirmed assessments; rectifications are counted as at the year&apos;s end (or today); right-click a chart to save it as PNG{0}.</translation>
    </message>
</context>
<context>
    <name>DerivedInspectionsDialog</name>
    <message>
        <source>{0} 的检查明细</source>
        <translation>Inspections behind {0}</translation>
    </message>
    <message>
        <source>共 {0} 份检查。双击一行打开该检查。</source>
        <translation>{0} inspections. Double-click a row to open that inspection.</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>检查表</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <source>检查人</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>记录号</source>
        <translation>Record no.</translation>
    </message>
</context>
<context>
    <name>DerivedRow</name>
    <message>
        <source>未计算</source>
        <translation>Not counted</translation>
    </message>
    <message>
        <source>不适用（无可统计的对象）</source>
        <translation>Not applicable (nothing to count)</translation>
    </message>
    <message>
        <source>检查明细（L）…</source>
        <translation>Inspections (L)…</translation>
    </message>
    <message>
        <source>改写（G）…</source>
        <translation>Override (G)…</translation>
    </message>
    <message>
        <source>{0} {1}，{2} {3}</source>
        <translation>{0} {1}, {2} {3}</translation>
    </message>
    <message>
        <source>（考核已提交，数值已固定）</source>
        <translation>(the assessment is submitted: the value is frozen)</translation>
    </message>
    <message>
        <source>{0}：{1} 现在的数据：{2}，{3} 份检查。{4}</source>
        <translation>{0}: {1} Data now: {2}, {3} inspections. {4}</translation>
    </message>
    <message>
        <source>已改写（原因：{0}）</source>
        <translation>Overridden (reason: {0})</translation>
    </message>
    <message>
        <source>由现场检查数据计算</source>
        <translation>Counted from field inspections</translation>
    </message>
</context>
<context>
    <name>DeviceInfo</name>
    <message>
        <source>本机信息(&amp;I)…</source>
        <translation>This &amp;computer…</translation>
    </message>
</context>
<context>
    <name>DeviceInfoDialog</name>
    <message>
        <source>本机信息</source>
        <translation>This computer</translation>
    </message>
    <message>
        <source>尚未生成（完成设置或第一次导出时生成）</source>
        <translation>Not made yet (made at set-up or at the first export)</translation>
    </message>
    <message>
        <source>现场检查：{0}</source>
        <translation>Field inspection: {0}</translation>
    </message>
    <message>
        <source>主管局：{0}</source>
        <translation>Bureau: {0}</translation>
    </message>
    <message>
        <source>尚未设置</source>
        <translation>Not set up yet</translation>
    </message>
    <message>
        <source>电脑名称：</source>
        <translation>Computer name:</translation>
    </message>
    <message>
        <source>使用人：</source>
        <translation>User:</translation>
    </message>
    <message>
        <source>用途：</source>
        <translation>Role:</translation>
    </message>
    <message>
        <source>设备编号：</source>
        <translation>Device id:</translation>
    </message>
    <message>
        <source>主管导入这台电脑的数据包前，会请您读出下面的密钥指纹，与他那里显示的逐组核对。</source>
        <translation>Before the supervisor imports this computer&apos;s bundles, you will be asked to read out the key fingerprint below, to be compared group by group with the one shown there.</translation>
    </message>
    <message>
        <source>密钥指纹：</source>
        <translation>Key fingerprint:</translation>
    </message>
</context>
<context>
    <name>EnterpriseDialog</name>
    <message>
        <source>新增企业</source>
        <translation>New Enterprise</translation>
    </message>
    <message>
        <source>编辑企业：{0}</source>
        <translation>Edit Enterprise: {0}</translation>
    </message>
    <message>
        <source>已登记的企业不能改到其他乡镇(街道)：它的检查记录计入原乡镇(街道)。</source>
        <translation>A registered enterprise cannot move to another township: its inspections count for its original township.</translation>
    </message>
    <message>
        <source>（不填）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>✓ 代码有效</source>
        <translation>✓ Code is valid</translation>
    </message>
    <message>
        <source>18 位，最后一位是校验位，输入时即检查</source>
        <translation>18 characters, the last one a check character; checked as you type</translation>
    </message>
</context>
<context>
    <name>EnterpriseForm</name>
    <message>
        <source>乡镇(街道)(&amp;T)：</source>
        <translation>&amp;Township:</translation>
    </message>
    <message>
        <source>所在村(社区)(&amp;V)：</source>
        <translation>&amp;Village:</translation>
    </message>
    <message>
        <source>企业名称(&amp;N)：</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>营业执照上的全称</source>
        <translation>The full name on the business licence</translation>
    </message>
    <message>
        <source>统一社会信用代码(&amp;C)：</source>
        <translation>Credit &amp;code:</translation>
    </message>
    <message>
        <source>18 位，见营业执照</source>
        <translation>18 characters, on the business licence</translation>
    </message>
    <message>
        <source>行业(&amp;I)：</source>
        <translation>&amp;Industry:</translation>
    </message>
    <message>
        <source>例如：汽摩及配件、眼镜、电机</source>
        <translation>e.g. auto and motorcycle parts, eyewear, electric motors</translation>
    </message>
    <message>
        <source>地址(&amp;D)：</source>
        <translation>A&amp;ddress:</translation>
    </message>
    <message>
        <source>联系人(&amp;O)：</source>
        <translation>C&amp;ontact:</translation>
    </message>
    <message>
        <source>电话(&amp;P)：</source>
        <translation>&amp;Phone:</translation>
    </message>
    <message>
        <source>例如：13812345678 或 0576-88123456</source>
        <translation>e.g. 13812345678 or 0576-88123456</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>qinspect</source>
        <translation>qinspect</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>全部对象</source>
        <translation>All subjects</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>未导出</source>
        <translation>Not exported</translation>
    </message>
    <message>
        <source>有冲突</source>
        <translation>In conflict</translation>
    </message>
    <message>
        <source>全部乡镇(街道)</source>
        <translation>All townships</translation>
    </message>
    <message>
        <source>全部检查表</source>
        <translation>All checklists</translation>
    </message>
</context>
<context>
    <name>FingerprintLabel</name>
    <message>
        <source>本机指纹 {0}</source>
        <translation>Fingerprint {0}</translation>
    </message>
</context>
<context>
    <name>FirstRun</name>
    <message>
        <source>选择设置数据包</source>
        <translation>Choose a set-up bundle</translation>
    </message>
    <message>
        <source>qinspect 数据包 (*{0})</source>
        <translation>qinspect bundles (*{0})</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>这个数据库还没有设置。请确认以下信息，它们会记在每一份检查和导出的数据包中。</source>
        <translation>This database is not set up yet. Please confirm the following; it is recorded in every inspection and every exported bundle.</translation>
    </message>
    <message>
        <source>这是 qinspect 第一次在这台电脑上使用。请填写以下信息，它们会记在每一份检查和导出的数据包中。</source>
        <translation>This is the first time qinspect is used on this computer. Please fill in the following; it is recorded in every inspection and every exported bundle.</translation>
    </message>
    <message>
        <source>已导入设置数据包 {0}。</source>
        <translation>Set-up bundle {0} imported.</translation>
    </message>
    <message>
        <source>请填写您的姓名。</source>
        <translation>Please enter your name.</translation>
    </message>
    <message>
        <source>请从列表中选择所在的乡镇(街道)。</source>
        <translation>Please choose your township from the list.</translation>
    </message>
</context>
<context>
    <name>FirstRunForm</name>
    <message>
        <source>欢迎使用 qinspect</source>
        <translation>Welcome to qinspect</translation>
    </message>
    <message>
        <source>选择设置数据包(&amp;B)…</source>
        <translation>Choose a set-up &amp;bundle…</translation>
    </message>
    <message>
        <source>主管发来的设置数据包（.qib）带有登记册和检查表；先导入它，再填写下面的信息</source>
        <translation>A set-up bundle (.qib) from the supervisor carries the registers and checklists; import it first, then fill in the rest</translation>
    </message>
    <message>
        <source>（可选）有主管发来的设置数据包时，先导入它。</source>
        <translation>(Optional) If the supervisor sent you a set-up bundle, import it first.</translation>
    </message>
    <message>
        <source>您的姓名(&amp;N)：</source>
        <translation>Your &amp;name:</translation>
    </message>
    <message>
        <source>这台电脑用于：</source>
        <translation>This computer is for:</translation>
    </message>
    <message>
        <source>现场检查（一个乡镇(街道)的质监员）(&amp;F)</source>
        <translation>&amp;Field inspection (the quality supervisor of one township)</translation>
    </message>
    <message>
        <source>主管局（县(市、区)或台州市，汇总各乡镇的数据）(&amp;U)</source>
        <translation>A b&amp;ureau (a county or Taizhou city, gathering the townships&apos; work)</translation>
    </message>
    <message>
        <source>所在乡镇(街道)(&amp;T)：</source>
        <translation>Your &amp;township:</translation>
    </message>
    <message>
        <source>输入名称的一部分可快速查找</source>
        <translation>Type part of a name to find it quickly</translation>
    </message>
    <message>
        <source>主管局(&amp;R)：</source>
        <translation>Bu&amp;reau:</translation>
    </message>
    <message>
        <source>这台电脑的名称(&amp;D)：</source>
        <translation>This &amp;computer&apos;s name:</translation>
    </message>
    <message>
        <source>确定后会为这台电脑生成签名密钥（已有时沿用），用来证明导出的数据包确实来自这台电脑。它的指纹可在“帮助 → 本机信息”中查看。</source>
        <translation>OK makes this computer&apos;s signing key (or keeps the one it has); it proves that exported bundles really come from this computer. Its fingerprint is under Help → This computer.</translation>
    </message>
</context>
<context>
    <name>FollowUpView</name>
    <message>
        <source>全部乡镇(街道)</source>
        <translation>All townships</translation>
    </message>
    <message>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>未关闭</source>
        <translation>Not closed</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <source>乡镇(街道)</source>
        <translation>Township</translation>
    </message>
    <message>
        <source>复查</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>手动销号…</source>
        <translation>Close by hand…</translation>
    </message>
    <message>
        <source>乡镇(街道)：</source>
        <translation>Township:</translation>
    </message>
    <message>
        <source>类别：</source>
        <translation>Category:</translation>
    </message>
    <message>
        <source>状态：</source>
        <translation>State:</translation>
    </message>
    <message>
        <source>共 {0} 项整改</source>
        <translation>{0} rectifications</translation>
    </message>
    <message>
        <source>整改跟踪</source>
        <translation>Rectification follow-up</translation>
    </message>
    <message>
        <source>请先在表中选择一项整改。</source>
        <translation>Select a rectification in the table first.</translation>
    </message>
    <message>
        <source>手动销号</source>
        <translation>Close by hand</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>帮助</source>
        <translation>Help</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>修订历史：{0}</source>
        <translation>History: {0}</translation>
    </message>
    <message>
        <source>这份检查的每次保存都是一个修订，最新的在最下面（★ 为当前显示的修订）。</source>
        <translation>Every save of this inspection is a revision, the newest at the bottom (★ is the one shown now).</translation>
    </message>
    <message>
        <source>修订</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>修改人</source>
        <translation>Changed by</translation>
    </message>
    <message>
        <source>设备</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>比较修订</source>
        <translation>Compare revision</translation>
    </message>
    <message>
        <source>与</source>
        <translation>with</translation>
    </message>
    <message>
        <source>条目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>修改前</source>
        <translation>Before</translation>
    </message>
    <message>
        <source>修改后</source>
        <translation>After</translation>
    </message>
    <message>
        <source>答案</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>整改要求</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>检查日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>检查人</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>新建</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>修改已完成的检查</source>
        <translation>Revised after completion</translation>
    </message>
    <message>
        <source>处理冲突</source>
        <translation>Conflict resolved</translation>
    </message>
    <message>
        <source>从数据包导入</source>
        <translation>Imported from a bundle</translation>
    </message>
    <message>
        <source>修订 {0} → {1}：{2} 处不同</source>
        <translation>Revision {0} → {1}: {2} differences</translation>
    </message>
    <message>
        <source>修订 {0} 与 {1} 的内容相同。</source>
        <translation>Revisions {0} and {1} have the same content.</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>导入(&amp;I)</source>
        <translation>&amp;Import</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>选择要导入的文件</source>
        <translation>Choose the File to Import</translation>
    </message>
    <message>
        <source>表格文件 (*.xlsx *.csv)</source>
        <translation>Spreadsheets (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>正在检查文件…</source>
        <translation>Checking the file…</translation>
    </message>
    <message>
        <source>检查结果</source>
        <translation>Check Result</translation>
    </message>
    <message>
        <source>无法读取这个文件。</source>
        <translation>This file cannot be read.</translation>
    </message>
    <message>
        <source>请选择要导入的 .xlsx 或 .csv 文件。</source>
        <translation>Please choose an .xlsx or .csv file to import.</translation>
    </message>
    <message>
        <source>共 {0} 行，全部正确：{1}。点“导入”写入数据库。</source>
        <translation>{0} rows, all correct: {1}. Click “Import” to write them to the database.</translation>
    </message>
    <message>
        <source>共 {0} 行，其中 {1} 行有错误（共 {2} 处）。请在 Excel 或 WPS 中改正并保存文件，再点“重新检查”；全部正确之前不会写入任何数据。</source>
        <translation>{0} rows, {1} of them with errors ({2} in all). Correct and save the file in Excel or WPS, then click “Check Again”; nothing is written until every row is correct.</translation>
    </message>
    <message>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
</context>
<context>
    <name>ImportPreviewForm</name>
    <message>
        <source>尚未选择文件</source>
        <translation>No file chosen yet</translation>
    </message>
    <message>
        <source>选择文件(&amp;F)…</source>
        <translation>Choose &amp;File…</translation>
    </message>
    <message>
        <source>在 Excel 或 WPS 中改正并保存文件后，重新读取和检查</source>
        <translation>Read and check the file again after correcting and saving it in Excel or WPS</translation>
    </message>
    <message>
        <source>重新检查(&amp;R)</source>
        <translation>Check &amp;Again</translation>
    </message>
    <message>
        <source>只显示有错误的行(&amp;E)</source>
        <translation>Show only rows with &amp;errors</translation>
    </message>
</context>
<context>
    <name>InspectionEditor</name>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>完成检查</source>
        <translation>Complete Inspection</translation>
    </message>
    <message>
        <source>修改…</source>
        <translation>Revise…</translation>
    </message>
    <message>
        <source>修改已完成的检查…</source>
        <translation>Revise the Completed Inspection…</translation>
    </message>
    <message>
        <source>键盘录入：数字键选择档次（1 = 符合/第一档，2 = 不符合/第二档，3 = 不适用…），输入数值后按 Enter；Enter 跳到下一未填项，↑↓ 或 Tab 切换条目，F2 填写备注，Delete 清除答案，Ctrl+Enter 完成检查</source>
        <translation>Keyboard entry: digit keys choose a tier (1 = pass / first tier, 2 = fail / second tier, 3 = not applicable…); type a number and press Enter; Enter goes to the next unanswered item, ↑↓ or Tab move between items, F2 edits the note, Delete clears the answer, Ctrl+Enter completes the inspection</translation>
    </message>
    <message>
        <source>加分项</source>
        <translation>Bonus</translation>
    </message>
    <message>
        <source>这份检查已完成并锁定；要更改请先点“修改…”并填写原因。</source>
        <translation>This inspection is completed and locked; to change it, click “Revise…” first and give a reason.</translation>
    </message>
    <message>
        <source>填写 {0}</source>
        <translation>Answer {0}</translation>
    </message>
    <message>
        <source>{0}（{1} 版）    检查日期：{2}    检查人：{3}</source>
        <translation>{0} (version {1})    Date: {2}    Inspector: {3}</translation>
    </message>
    <message>
        <source>新检查，尚未保存</source>
        <translation>New inspection, not saved yet</translation>
    </message>
    <message>
        <source>已完成 · 正在修改（原因：{0}）</source>
        <translation>Completed · being revised (reason: {0})</translation>
    </message>
    <message>
        <source>已完成，已锁定</source>
        <translation>Completed, locked</translation>
    </message>
    <message>
        <source> · 有未保存的更改</source>
        <translation> · unsaved changes</translation>
    </message>
    <message>
        <source>状态：{0}    记录号：{1}</source>
        <translation>Status: {0}    Record: {1}</translation>
    </message>
    <message>
        <source>添加照片</source>
        <translation>Add Photos</translation>
    </message>
    <message>
        <source>图片 (*.jpg *.jpeg *.png *.bmp *.gif)</source>
        <translation>Images (*.jpg *.jpeg *.png *.bmp *.gif)</translation>
    </message>
    <message>
        <source>还有 {0} 个必填条目未填写（见右侧列表），不能完成检查：{1}</source>
        <translation>{0} required items are not answered yet (see the list on the right), so the inspection cannot be completed: {1}</translation>
    </message>
    <message>
        <source>修改已完成的检查</source>
        <translation>Revise a Completed Inspection</translation>
    </message>
    <message>
        <source>这份检查已完成。请写明修改原因（将记入审计日志）：</source>
        <translation>This inspection is completed. Please give the reason for the change (it is written to the audit log):</translation>
    </message>
    <message>
        <source>这份检查已完成并锁定。要更改，请点“修改…”并写明原因；修改会作为新修订记入审计日志。</source>
        <translation>This inspection is completed and locked. To change it, click “Revise…” and give a reason; the change is kept as a new revision in the audit log.</translation>
    </message>
    <message>
        <source>保存更改</source>
        <translation>Save Changes</translation>
    </message>
    <message>
        <source>“{0}”有未保存的更改。要保存吗？</source>
        <translation>“{0}” has unsaved changes. Save them?</translation>
    </message>
    <message>
        <source>不保存</source>
        <translation>Don&apos;t Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>恢复草稿</source>
        <translation>Restore Draft</translation>
    </message>
    <message>
        <source>上次关闭前，“{0}”（{1}）有未保存的填写内容（草稿时间 {2}）。要恢复吗？</source>
        <translation>Before qinspect last closed, “{0}” ({1}) had unsaved answers (draft of {2}). Restore them?</translation>
    </message>
    <message>
        <source>恢复未保存的检查</source>
        <translation>Restore an Unsaved Inspection</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>丢弃</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>以后再说</source>
        <translation>Later</translation>
    </message>
</context>
<context>
    <name>InspectionTableModel</name>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>乡镇(街道)</source>
        <translation>Township</translation>
    </message>
    <message>
        <source>检查对象</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>对象类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>检查表</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <source>检查人</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>{0}，有冲突</source>
        <translation>{0}, in conflict</translation>
    </message>
    <message>
        <source>编号 {0}</source>
        <translation>Record {0}</translation>
    </message>
    <message>
        <source>尚未导出</source>
        <translation>Not exported yet</translation>
    </message>
</context>
<context>
    <name>ItemRow</name>
    <message>
        <source>名牌战略和质量提升工程</source>
        <translation>Brand strategy and quality improvement</translation>
    </message>
    <message>
        <source>质量基础工作</source>
        <translation>Quality foundation work</translation>
    </message>
    <message>
        <source>产品质量与监督</source>
        <translation>Product quality and supervision</translation>
    </message>
    <message>
        <source>食品安全</source>
        <translation>Food safety</translation>
    </message>
    <message>
        <source>特种设备安全</source>
        <translation>Special equipment safety</translation>
    </message>
    <message>
        <source>符合性</source>
        <translation>Pass/fail</translation>
    </message>
    <message>
        <source>分档</source>
        <translation>Tiered</translation>
    </message>
    <message>
        <source>定量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>扣分</source>
        <translation>Deduction</translation>
    </message>
    <message>
        <source>加分</source>
        <translation>Bonus</translation>
    </message>
    <message>
        <source>一票否决</source>
        <translation>Veto</translation>
    </message>
    <message>
        <source>文字记录</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>符合</source>
        <translation>Pass</translation>
    </message>
    <message>
        <source>不符合</source>
        <translation>Fail</translation>
    </message>
    <message>
        <source>否决</source>
        <translation>Vetoed</translation>
    </message>
    <message>
        <source>实测 {0} {1}</source>
        <translation>Measured {0} {1}</translation>
    </message>
    <message>
        <source>发现问题 {0} 处</source>
        <translation>{0} findings</translation>
    </message>
    <message>
        <source>{0} 项</source>
        <translation>{0} units</translation>
    </message>
    <message>
        <source>照片 {0} 张</source>
        <translation>{0} photos</translation>
    </message>
    <message>
        <source>未定期限（年-月-日）</source>
        <translation>No deadline (yyyy-mm-dd)</translation>
    </message>
    <message>
        <source>选择日期</source>
        <translation>Pick a date</translation>
    </message>
    <message>
        <source>请按 年-月-日 输入期限，例如 2009-12-20。</source>
        <translation>Type the deadline as year-month-day, e.g. 2009-12-20.</translation>
    </message>
    <message>
        <source>必填</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>{0} 年新增</source>
        <translation>New in {0}</translation>
    </message>
    <message>
        <source>评分标准：</source>
        <translation>Scoring standard: </translation>
    </message>
    <message>
        <source>备注（F2）</source>
        <translation>Note (F2)</translation>
    </message>
    <message>
        <source>未填 · 满分 {0}</source>
        <translation>Not answered · full marks {0}</translation>
    </message>
    <message>
        <source>不适用</source>
        <translation>Not applicable</translation>
    </message>
    <message>
        <source>{0} / {1} 分</source>
        <translation>{0} / {1} points</translation>
    </message>
    <message>
        <source>整改要求</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <source>整改期限</source>
        <translation>Rectification deadline</translation>
    </message>
    <message>
        <source>整改：</source>
        <translation>Rectification: </translation>
    </message>
    <message>
        <source>符合（{0} 分）</source>
        <translation>Pass ({0} points)</translation>
    </message>
    <message>
        <source>不符合（0 分）</source>
        <translation>Fail (0 points)</translation>
    </message>
    <message>
        <source>通过</source>
        <translation>Pass</translation>
    </message>
    <message>
        <source>不通过（一票否决）</source>
        <translation>Fail (veto)</translation>
    </message>
    <message>
        <source>{0}（{1} 分）</source>
        <translation>{0} ({1} points)</translation>
    </message>
    <message>
        <source>未填</source>
        <translation>Not answered</translation>
    </message>
    <message>
        <source>数值</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>{0} {1} {2} → {3} 分</source>
        <translation>{0} {1} {2} → {3} points</translation>
    </message>
    <message>
        <source>达到 {0} {1} {2} 档，得 {3} 分</source>
        <translation>Reaches the {0} {1} {2} tier: {3} points</translation>
    </message>
    <message>
        <source>未达到最低档（{0} {1} {2}），不得分</source>
        <translation>Below the lowest tier ({0} {1} {2}): no points</translation>
    </message>
    <message>
        <source> 处</source>
        <translation> finding(s)</translation>
    </message>
    <message>
        <source> 个</source>
        <translation> item(s)</translation>
    </message>
    <message>
        <source>每处扣 {0} 分，本项 {1} 分扣完为止</source>
        <translation>{0} points off per finding, down to 0 of this item&apos;s {1} points</translation>
    </message>
    <message>
        <source>每个加 {0} 分，本项最多加 {1} 分</source>
        <translation>{0} points each, at most {1} points for this item</translation>
    </message>
    <message>
        <source>扣 {0} 分，得 {1} / {2} 分</source>
        <translation>{0} points off: {1} / {2} points</translation>
    </message>
    <message>
        <source>加 {0} 分</source>
        <translation>{0} bonus points</translation>
    </message>
    <message>
        <source>未填 · 最多加 {0}</source>
        <translation>Not answered · at most {0} bonus points</translation>
    </message>
    <message>
        <source>不适用（N）</source>
        <translation>Not applicable (N)</translation>
    </message>
    <message>
        <source>Shift+Enter 换行</source>
        <translation>Shift+Enter for a new line</translation>
    </message>
    <message>
        <source>不计分</source>
        <translation>Not scored</translation>
    </message>
    <message>
        <source>添加照片…</source>
        <translation>Add Photos…</translation>
    </message>
    <message>
        <source>SHA-256：{0}</source>
        <translation>SHA-256: {0}</translation>
    </message>
    <message>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>{0} 张照片</source>
        <translation>{0} photo(s)</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>乡镇(街道)</source>
        <translation>Township</translation>
    </message>
    <message>
        <source>村(社区)</source>
        <translation>Village</translation>
    </message>
    <message>
        <source>企业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Completed</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>qinspect — {0}</source>
        <translation>qinspect — {0}</translation>
    </message>
    <message>
        <source>统计图表</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>年度考核</source>
        <translation>Yearly assessment</translation>
    </message>
    <message>
        <source>整改跟踪</source>
        <translation>Rectification follow-up</translation>
    </message>
    <message>
        <source>（未设置）</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <source>质监员：{0}</source>
        <translation>Supervisor: {0}</translation>
    </message>
    <message>
        <source>所在乡镇(街道)：{0}</source>
        <translation>Township: {0}</translation>
    </message>
    <message>
        <source>设备：{0}</source>
        <translation>Device: {0}</translation>
    </message>
    <message>
        <source>设备编号 {0}
密钥指纹 {1}</source>
        <translation>Device id {0}
Key fingerprint {1}</translation>
    </message>
    <message>
        <source>尚未生成</source>
        <translation>not made yet</translation>
    </message>
    <message>
        <source>未导出的检查：{0}</source>
        <translation>Not exported: {0}</translation>
    </message>
    <message>
        <source>共 {0} 份检查</source>
        <translation>{0} inspections</translation>
    </message>
    <message>
        <source>编辑所选</source>
        <translation>Edit Selected</translation>
    </message>
    <message>
        <source>请先在左侧树中选择一个村(社区)或企业。</source>
        <translation>Please select a village or an enterprise in the tree on the left first.</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>请先在列表中选择要打印的检查。</source>
        <translation>Please select the inspections to print in the list first.</translation>
    </message>
    <message>
        <source>打印空白检查表</source>
        <translation>Print a Blank Checklist</translation>
    </message>
    <message>
        <source>检查表：</source>
        <translation>Checklist:</translation>
    </message>
    <message>
        <source>数据库中还没有乡镇(街道)年度考核。</source>
        <translation>The database has no yearly township assessments yet.</translation>
    </message>
    <message>
        <source>考核年度：</source>
        <translation>Assessment year:</translation>
    </message>
    <message>
        <source>打印乡镇评分表</source>
        <translation>Print a Township Scoring Sheet</translation>
    </message>
    <message>
        <source>全部参加考核的乡镇(街道)</source>
        <translation>Every assessed township</translation>
    </message>
    <message>
        <source>乡镇(街道)：</source>
        <translation>Township:</translation>
    </message>
    <message>
        <source>打印排名表</source>
        <translation>Print the Ranking</translation>
    </message>
    <message>
        <source>修订历史</source>
        <translation>History</translation>
    </message>
    <message>
        <source>请先在列表中选择一份检查，或打开一份检查。</source>
        <translation>Choose an inspection in the list, or open one, first.</translation>
    </message>
    <message>
        <source>关于 qinspect</source>
        <translation>About qinspect</translation>
    </message>
    <message>
        <source>qinspect {0}
乡镇质量工作检查与考核（离线）

数据库：{1}</source>
        <translation>qinspect {0}
Township quality inspection and assessment (offline)

Database: {1}</translation>
    </message>
    <message>
        <source>检查记录</source>
        <translation>Inspections</translation>
    </message>
    <message>
        <source>县(市、区) → 乡镇(街道) → 村(社区) / 企业</source>
        <translation>County → township → villages / enterprises</translation>
    </message>
    <message>
        <source>搜索检查对象、检查人、信用代码或编号（Ctrl+F）</source>
        <translation>Search subject, inspector, credit code or record number (Ctrl+F)</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>只列出检查日期在这段时间内的检查</source>
        <translation>List only inspections dated within this period</translation>
    </message>
    <message>
        <source>起始日期（含）</source>
        <translation>From (inclusive)</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>截止日期（含）</source>
        <translation>To (inclusive)</translation>
    </message>
    <message>
        <source>按县(市、区)或乡镇(街道)筛选</source>
        <translation>Filter by county or township</translation>
    </message>
    <message>
        <source>按检查对象类型筛选</source>
        <translation>Filter by kind of subject</translation>
    </message>
    <message>
        <source>按检查表筛选</source>
        <translation>Filter by checklist</translation>
    </message>
    <message>
        <source>按状态筛选</source>
        <translation>Filter by status</translation>
    </message>
    <message>
        <source>清除筛选</source>
        <translation>Clear Filters</translation>
    </message>
    <message>
        <source>未选择检查对象</source>
        <translation>No subject selected</translation>
    </message>
    <message>
        <source>检查历史</source>
        <translation>Inspection history</translation>
    </message>
    <message>
        <source>未完成的整改</source>
        <translation>Open rectifications</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>检查(&amp;I)</source>
        <translation>&amp;Inspection</translation>
    </message>
    <message>
        <source>登记册(&amp;R)</source>
        <translation>&amp;Registers</translation>
    </message>
    <message>
        <source>打印(&amp;P)</source>
        <translation>&amp;Print</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <source>新建检查…</source>
        <translation>New Inspection…</translation>
    </message>
    <message>
        <source>新建一份检查</source>
        <translation>Start a new inspection</translation>
    </message>
    <message>
        <source>打开所选检查</source>
        <translation>Open Selected Inspection</translation>
    </message>
    <message>
        <source>在标签页中打开列表中选中的检查</source>
        <translation>Open the inspection selected in the list in a tab</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>保存当前检查</source>
        <translation>Save the current inspection</translation>
    </message>
    <message>
        <source>关闭标签页</source>
        <translation>Close Tab</translation>
    </message>
    <message>
        <source>关闭当前检查标签页</source>
        <translation>Close the current inspection tab</translation>
    </message>
    <message>
        <source>导入纸质检查结果…</source>
        <translation>Import Paper Results…</translation>
    </message>
    <message>
        <source>导入录入在电子表格中的纸质检查结果</source>
        <translation>Import paper inspection results typed into a spreadsheet</translation>
    </message>
    <message>
        <source>导出检查表模板…</source>
        <translation>Export Checklist Template…</translation>
    </message>
    <message>
        <source>导出用于录入纸质结果的电子表格模板</source>
        <translation>Export a spreadsheet template for typing in paper results</translation>
    </message>
    <message>
        <source>导入数据包…</source>
        <translation>Import Bundles…</translation>
    </message>
    <message>
        <source>导入其他电脑导出的数据包（.qib）</source>
        <translation>Import bundles (.qib) exported by other computers</translation>
    </message>
    <message>
        <source>导出设置数据包…</source>
        <translation>Export set-up bundle…</translation>
    </message>
    <message>
        <source>把所选乡镇（未选时为全部乡镇）的登记册和全部检查表导出，供现场笔记本导入</source>
        <translation>Export the chosen township&apos;s registers (every township&apos;s when none is chosen) and all checklists for field laptops to import</translation>
    </message>
    <message>
        <source>导出数据包…</source>
        <translation>Export Bundle…</translation>
    </message>
    <message>
        <source>把尚未导出的检查导出为数据包（.qib）</source>
        <translation>Export the inspections not exported yet as a bundle (.qib)</translation>
    </message>
    <message>
        <source>处理冲突…</source>
        <translation>Resolve Conflicts…</translation>
    </message>
    <message>
        <source>查看并处理导入时发现的冲突修订</source>
        <translation>Review and resolve conflicting revisions found by imports</translation>
    </message>
    <message>
        <source>设置…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <source>语言、打印字体、数据位置和备份</source>
        <translation>Language, print font, data location and backups</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>退出 qinspect</source>
        <translation>Quit qinspect</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>撤销当前检查中的上一步修改</source>
        <translation>Undo the last change in the current inspection</translation>
    </message>
    <message>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>重做当前检查中撤销的修改</source>
        <translation>Redo the change undone in the current inspection</translation>
    </message>
    <message>
        <source>查找</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>跳到检查列表的搜索框</source>
        <translation>Go to the search box of the inspections list</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>重新读取数据库</source>
        <translation>Read the database again</translation>
    </message>
    <message>
        <source>新增村(社区)…</source>
        <translation>New Village…</translation>
    </message>
    <message>
        <source>在登记册中新增村(社区)</source>
        <translation>Add a village to the register</translation>
    </message>
    <message>
        <source>新增企业…</source>
        <translation>New Enterprise…</translation>
    </message>
    <message>
        <source>在登记册中新增企业</source>
        <translation>Add an enterprise to the register</translation>
    </message>
    <message>
        <source>编辑所选…</source>
        <translation>Edit Selected…</translation>
    </message>
    <message>
        <source>编辑左侧树中选中的村(社区)或企业</source>
        <translation>Edit the village or enterprise selected in the tree</translation>
    </message>
    <message>
        <source>导入登记册…</source>
        <translation>Import Register…</translation>
    </message>
    <message>
        <source>从 CSV 或 xlsx 导入村(社区)和企业</source>
        <translation>Import villages or enterprises from CSV or xlsx</translation>
    </message>
    <message>
        <source>打印所选检查…</source>
        <translation>Print Selected Inspections…</translation>
    </message>
    <message>
        <source>打印当前或选中的检查表</source>
        <translation>Print the current or the selected inspections</translation>
    </message>
    <message>
        <source>打印空白检查表…</source>
        <translation>Print Blank Checklist…</translation>
    </message>
    <message>
        <source>打印用于纸质检查的空白检查表</source>
        <translation>Print a blank checklist for a paper round</translation>
    </message>
    <message>
        <source>打印乡镇评分表…</source>
        <translation>Print Township Scoring Sheet…</translation>
    </message>
    <message>
        <source>打印一个乡镇(街道)的年度考核评分表</source>
        <translation>Print a township&apos;s yearly assessment scoring sheet</translation>
    </message>
    <message>
        <source>打印排名表…</source>
        <translation>Print Ranking…</translation>
    </message>
    <message>
        <source>打印全市年度考核排名表</source>
        <translation>Print the city&apos;s yearly assessment ranking</translation>
    </message>
    <message>
        <source>版本与数据位置</source>
        <translation>Version and data location</translation>
    </message>
    <message>
        <source>帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>当前页面的简要说明</source>
        <translation>A short help for the current view</translation>
    </message>
    <message>
        <source>修订历史…</source>
        <translation>History…</translation>
    </message>
    <message>
        <source>当前或选中检查的每次修订（谁、何时、哪台设备、原因）及两次修订之间的不同</source>
        <translation>The current or chosen inspection&apos;s revisions (who, when, which device, why) and what changed between two</translation>
    </message>
    <message>
        <source>检查表版本…</source>
        <translation>Checklist Versions…</translation>
    </message>
    <message>
        <source>已安装的检查表版本、安装新年度的检查表、比较两个版本</source>
        <translation>Installed checklist versions, installing a new year&apos;s checklist, comparing two versions</translation>
    </message>
</context>
<context>
    <name>NewInspectionDialog</name>
    <message>
        <source>新建检查</source>
        <translation>New Inspection</translation>
    </message>
    <message>
        <source>开始检查</source>
        <translation>Start Inspection</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>没有找到名称含“{0}”的检查对象</source>
        <translation>No subject has “{0}” in its name</translation>
    </message>
    <message>
        <source>已选择：{0}</source>
        <translation>Selected: {0}</translation>
    </message>
    <message>
        <source>{0}（{1} 版）</source>
        <translation>{0} (version {1})</translation>
    </message>
    <message>
        <source>请先选择检查对象</source>
        <translation>Please choose the subject first</translation>
    </message>
    <message>
        <source>本机没有适用于该检查对象的检查表；请先安装检查表</source>
        <translation>This computer has no checklist for this kind of subject; please install one first</translation>
    </message>
    <message>
        <source>请填写检查人</source>
        <translation>Please enter the inspector</translation>
    </message>
</context>
<context>
    <name>NewInspectionForm</name>
    <message>
        <source>检查对象(&amp;S)：输入村(社区)、企业或乡镇(街道)名称的一部分</source>
        <translation>&amp;Subject: type part of the name of a village, enterprise or township</translation>
    </message>
    <message>
        <source>例如：大洋、杜桥、眼镜</source>
        <translation>e.g. 大洋, 杜桥, 眼镜</translation>
    </message>
    <message>
        <source>尚未选择检查对象</source>
        <translation>No subject chosen yet</translation>
    </message>
    <message>
        <source>检查表(&amp;C)：</source>
        <translation>&amp;Checklist:</translation>
    </message>
    <message>
        <source>检查日期(&amp;D)：</source>
        <translation>&amp;Date:</translation>
    </message>
    <message>
        <source>yyyy-MM-dd</source>
        <translation>yyyy-MM-dd</translation>
    </message>
    <message>
        <source>检查人(&amp;I)：</source>
        <translation>&amp;Inspector:</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <source>改写 {0}</source>
        <translation>Override {0}</translation>
    </message>
    <message>
        <source>{0}
由现场检查数据计算的数值：{1}。改写后的数值和原因记入审计日志。</source>
        <translation>{0}
Value counted from field inspections: {1}. The new value and the reason are written to the audit log.</translation>
    </message>
    <message>
        <source>必填：为什么计算值不对</source>
        <translation>Required: why the counted value is wrong</translation>
    </message>
    <message>
        <source>数值（{0}）</source>
        <translation>Value ({0})</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>改写</source>
        <translation>Override</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请填写数值。</source>
        <translation>Please enter a value.</translation>
    </message>
    <message>
        <source>改写需要填写原因。</source>
        <translation>An override needs a reason.</translation>
    </message>
</context>
<context>
    <name>PaperImport</name>
    <message>
        <source>保存录入模板</source>
        <translation>Save Entry Template</translation>
    </message>
    <message>
        <source>导出录入模板</source>
        <translation>Export Entry Template</translation>
    </message>
    <message>
        <source>检查表：</source>
        <translation>Checklist:</translation>
    </message>
</context>
<context>
    <name>PaperImportDialog</name>
    <message>
        <source>导入纸质检查结果</source>
        <translation>Import Paper Results</translation>
    </message>
    <message>
        <source>每行一份检查，每个条目一列（可先用“导出录入模板”生成表格）。填写检查编号和当前修订号的行修改已有检查，保存为新的修订。每一行都先检查；有任何错误时整个文件都不导入。</source>
        <translation>One inspection per row, one column per item (“Export Entry Template” makes the spreadsheet). A row that gives an inspection&apos;s record number and current revision changes that inspection as a new revision. Every row is checked first; if there is any error, nothing of the file is imported.</translation>
    </message>
    <message>
        <source>已导入：新建检查 {0} 份，修订已有检查 {1} 份。</source>
        <translation>Imported: {0} new inspections, {1} existing inspections revised.</translation>
    </message>
    <message>
        <source>另有 {0} 份与已有内容相同，未改动。</source>
        <translation>{0} more were the same as stored and left unchanged.</translation>
    </message>
    <message>
        <source>修订检查 {0}</source>
        <translation>Revises inspection {0}</translation>
    </message>
    <message>
        <source>新建检查</source>
        <translation>New Inspection</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <source>行</source>
        <translation>Row</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <source>打印预览</source>
        <translation>Print Preview</translation>
    </message>
    <message>
        <source>共 {0} 页</source>
        <translation>{0} pages</translation>
    </message>
    <message>
        <source>保存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>保存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>正在生成空白检查表…</source>
        <translation>Making the blank checklist…</translation>
    </message>
    <message>
        <source>正在生成检查记录…</source>
        <translation>Making the inspection sheets…</translation>
    </message>
    <message>
        <source>正在生成考核评分表…</source>
        <translation>Making the scoring sheets…</translation>
    </message>
    <message>
        <source>正在生成排名表…</source>
        <translation>Making the ranking…</translation>
    </message>
    <message>
        <source>第 {0} 页</source>
        <translation>Page {0}</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>正在打印…</source>
        <translation>Printing…</translation>
    </message>
</context>
<context>
    <name>RectificationModel</name>
    <message>
        <source>未到期</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>即将到期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>已逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>已关闭</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>整改期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>乡镇(街道)</source>
        <translation>Township</translation>
    </message>
    <message>
        <source>检查对象</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>条目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>整改要求</source>
        <translation>Requirement</translation>
    </message>
    <message>
        <source>发现日期</source>
        <translation>Found on</translation>
    </message>
    <message>
        <source>检查人</source>
        <translation>Inspector</translation>
    </message>
</context>
<context>
    <name>RegisterImportDialog</name>
    <message>
        <source>导入村(社区)或企业名册</source>
        <translation>Import Villages or Enterprises</translation>
    </message>
    <message>
        <source>一个文件只放村(社区)或只放企业，按表头区分（各列的说明见 docs/spreadsheets.md）。每一行都先检查；有任何错误时整个文件都不导入。</source>
        <translation>A file holds either villages or enterprises, told apart by its header row (docs/spreadsheets.md describes the columns). Every row is checked first; if there is any error, nothing of the file is imported.</translation>
    </message>
    <message>
        <source>已导入 {0} 条{1}记录。</source>
        <translation>Imported {0} {1} records.</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>New</translation>
    </message>
</context>
<context>
    <name>RegisterTreeModel</name>
    <message>
        <source>村(社区)（{0}）</source>
        <translation>Villages ({0})</translation>
    </message>
    <message>
        <source>企业（{0}）</source>
        <translation>Enterprises ({0})</translation>
    </message>
</context>
<context>
    <name>ScorePanel</name>
    <message>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>加分项</source>
        <translation>Bonus</translation>
    </message>
    <message>
        <source>总分</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>先进乡镇评选资格</source>
        <translation>Eligible for the advanced township title</translation>
    </message>
    <message>
        <source>一票否决（{0}）</source>
        <translation>Vetoed ({0})</translation>
    </message>
    <message>
        <source>符合（≥ {0} 分）</source>
        <translation>Eligible (≥ {0} points)</translation>
    </message>
    <message>
        <source>不符合（需 ≥ {0} 分）</source>
        <translation>Not eligible (needs ≥ {0} points)</translation>
    </message>
    <message>
        <source>未填的必填条目（{0}）</source>
        <translation>Required items not answered ({0})</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>选择 PDF 字体</source>
        <translation>Choose the PDF Font</translation>
    </message>
    <message>
        <source>TrueType 字体 (*.ttf *.ttc)</source>
        <translation>TrueType fonts (*.ttf *.ttc)</translation>
    </message>
    <message>
        <source>正在备份数据库…</source>
        <translation>Backing up the database…</translation>
    </message>
    <message>
        <source>备份完成</source>
        <translation>Backup Made</translation>
    </message>
    <message>
        <source>数据库已备份到：
{0}</source>
        <translation>The database was backed up to:
{0}</translation>
    </message>
</context>
<context>
    <name>SettingsForm</name>
    <message>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>界面</source>
        <translation>Interface</translation>
    </message>
    <message>
        <source>语言(&amp;L)：</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <source>更改语言后，重新启动 qinspect 生效。</source>
        <translation>A new language takes effect when qinspect is started again.</translation>
    </message>
    <message>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>PDF 字体(&amp;F)：</source>
        <translation>PDF &amp;font:</translation>
    </message>
    <message>
        <source>随程序提供的 Droid Sans Fallback</source>
        <translation>Droid Sans Fallback, shipped with qinspect</translation>
    </message>
    <message>
        <source>选择(&amp;B)…</source>
        <translation>&amp;Browse…</translation>
    </message>
    <message>
        <source>TrueType 字体文件（.ttf 或 .ttc），须包含中文字形。</source>
        <translation>A TrueType font file (.ttf or .ttc) with Chinese glyphs.</translation>
    </message>
    <message>
        <source>数据</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>数据库：</source>
        <translation>Database:</translation>
    </message>
    <message>
        <source>打开所在文件夹(&amp;O)</source>
        <translation>&amp;Open Folder</translation>
    </message>
    <message>
        <source>备份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>每次启动时备份数据库(&amp;S)</source>
        <translation>Back up the database at every &amp;start</translation>
    </message>
    <message>
        <source>保留启动备份(&amp;K)：</source>
        <translation>&amp;Keep start backups:</translation>
    </message>
    <message>
        <source> 份</source>
        <translation> copies</translation>
    </message>
    <message>
        <source>立即备份(&amp;N)</source>
        <translation>Back Up &amp;Now</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>正在打开数据库…</source>
        <translation>Opening the database…</translation>
    </message>
    <message>
        <source>正在备份数据库…</source>
        <translation>Backing up the database…</translation>
    </message>
</context>
<context>
    <name>SubjectDetails</name>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>检查表</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <source>检查人</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>未到期</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>即将到期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>已逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>整改期限</source>
        <translation>Rectification deadline</translation>
    </message>
    <message>
        <source>条目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>整改要求</source>
        <translation>Rectification</translation>
    </message>
    <message>
        <source>未选择检查对象</source>
        <translation>No subject selected</translation>
    </message>
    <message>
        <source>在左侧树中选择一个村(社区)、企业或乡镇(街道)，这里会显示它的检查历史和未完成的整改。</source>
        <translation>Select a village, enterprise or township in the tree on the left to see its inspection history and open rectifications here.</translation>
    </message>
    <message>
        <source>协管员：{0}</source>
        <translation>Village assistant: {0}</translation>
    </message>
    <message>
        <source>统一社会信用代码：{0}</source>
        <translation>Unified social credit code: {0}</translation>
    </message>
    <message>
        <source>地址：{0}</source>
        <translation>Address: {0}</translation>
    </message>
    <message>
        <source>联系人：{0}</source>
        <translation>Contact: {0}</translation>
    </message>
    <message>
        <source>未定</source>
        <translation>none</translation>
    </message>
    <message>
        <source>{0} 检查发现</source>
        <translation>Found by the inspection of {0}</translation>
    </message>
    <message>
        <source>已逾期；{0}</source>
        <translation>Overdue; {0}</translation>
    </message>
</context>
<context>
    <name>VillageDialog</name>
    <message>
        <source>行政村</source>
        <translation>Administrative village</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>新增村(社区)</source>
        <translation>New Village</translation>
    </message>
    <message>
        <source>编辑村(社区)：{0}</source>
        <translation>Edit Village: {0}</translation>
    </message>
    <message>
        <source>已登记的村(社区)不能改到其他乡镇(街道)：它的检查记录计入原乡镇(街道)。</source>
        <translation>A registered village cannot move to another township: its inspections count for its original township.</translation>
    </message>
</context>
<context>
    <name>VillageForm</name>
    <message>
        <source>乡镇(街道)(&amp;T)：</source>
        <translation>&amp;Township:</translation>
    </message>
    <message>
        <source>村(社区)名称(&amp;N)：</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>例如：东山村、海门社区</source>
        <translation>e.g. 东山村, 海门社区</translation>
    </message>
    <message>
        <source>类型(&amp;K)：</source>
        <translation>&amp;Kind:</translation>
    </message>
    <message>
        <source>协管员(&amp;A)：</source>
        <translation>Village &amp;assistant:</translation>
    </message>
    <message>
        <source>电话(&amp;P)：</source>
        <translation>&amp;Phone:</translation>
    </message>
    <message>
        <source>例如：13812345678 或 0576-88123456</source>
        <translation>e.g. 13812345678 or 0576-88123456</translation>
    </message>
</context>
<context>
    <name>YearRankingModel</name>
    <message>
        <source>名次</source>
        <translation>Rank</translation>
    </message>
    <message>
        <source>乡镇(街道)</source>
        <translation>Township</translation>
    </message>
    <message>
        <source>县(市、区)</source>
        <translation>County</translation>
    </message>
    <message>
        <source>加分</source>
        <translation>Bonus</translation>
    </message>
    <message>
        <source>总分</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>称号资格</source>
        <translation>Title eligible</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>未排名</source>
        <translation>Not ranked</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>YearView</name>
    <message>
        <source>按乡镇(街道)筛选</source>
        <translation>Filter by township</translation>
    </message>
    <message>
        <source>考核年度：</source>
        <translation>Year:</translation>
    </message>
    <message>
        <source>县(市、区)：</source>
        <translation>County:</translation>
    </message>
    <message>
        <source>提交</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>评分</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>确认</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>退回…</source>
        <translation>Send back…</translation>
    </message>
    <message>
        <source>打印评分表</source>
        <translation>Print scoring sheet</translation>
    </message>
    <message>
        <source>打印排名</source>
        <translation>Print ranking</translation>
    </message>
    <message>
        <source>导出 Excel/CSV…</source>
        <translation>Export Excel/CSV…</translation>
    </message>
    <message>
        <source>台州市（全部）</source>
        <translation>Taizhou (all)</translation>
    </message>
    <message>
        <source>排名 {0} 个，未排名 {1} 个</source>
        <translation>{0} ranked, {1} not ranked</translation>
    </message>
    <message>
        <source>年度考核</source>
        <translation>Yearly assessment</translation>
    </message>
    <message>
        <source>请先在表中选择一个乡镇(街道)。</source>
        <translation>Select a township in the table first.</translation>
    </message>
    <message>
        <source>退回</source>
        <translation>Send back</translation>
    </message>
    <message>
        <source>退回 {0} 的考核，原因：</source>
        <translation>Reason for sending back the assessment of {0}:</translation>
    </message>
    <message>
        <source>导出考核得分</source>
        <translation>Export scores</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV file (*.csv)</translation>
    </message>
    <message>
        <source>已导出到 {0}</source>
        <translation>Exported to {0}</translation>
    </message>
</context>
<context>
    <name>_RegisterDialog</name>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
</TS>
