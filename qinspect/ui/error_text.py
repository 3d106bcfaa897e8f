"""Refusal sentences from below ui/ in the window's language: the one translation table for them.

Operations, the store and sync raise one plain Chinese sentence (the command line prints it as
is). When the window is in English, `in_language` translates each line of a message by the
patterns below: a sentence written as its Chinese template, {name} marking a part copied over
(a file, a name, a number). Parts named `why` or `rest` are sentences themselves and are
translated again, so "第 3 行 列 电话：“12”不是电话号码" becomes one English line. A sentence not
in the table stays Chinese: add its template here when a new refusal becomes common.
"""

from __future__ import annotations

import functools
import re

from qinspect.ui import preferences

# (the Chinese template as the code below ui/ writes it, its English)
TEMPLATES: list[tuple[str, str]] = [
    # paper results and register files (errors.ImportRefused, errors.CellProblem)
    ("文件 {source} 未导入，没有写入任何数据：发现 {n} 处错误。",
     "File {source} was not imported and nothing was written: {n} problems found."),
    ("第 {row} 行 列 {column}：{why}", "row {row}, column {column}: {why}"),
    ("第 {row} 行：{why}", "row {row}: {why}"),
    ("日期不能为空", "the date is empty"),
    ("检查人不能为空", "the inspector is empty"),
    ("对象不能为空", "the subject is empty"),
    ("检查表编号不能为空", "the checklist id is empty"),
    ("版本不能为空", "the version is empty"),
    ("状态应为“草稿”或“已完成”，而不是“{value}”", "the status must be 草稿 (draft) or 已完成 (completed), not “{value}”"),
    ("本机没有安装检查表 {checklist} 的 {version} 版", "version {version} of checklist {checklist} is not installed here"),
    ("检查表 {ref} 没有条目 {item}，这一格应留空", "checklist {ref} has no item {item}; leave this cell empty"),
    ("与第 {row} 行是同一份检查", "the same inspection as row {row}"),
    # register checks (store/registers.py, domain/phone.py, domain/credit_code.py)
    ("村(社区)名称不能为空", "The village's name is empty."),
    ("企业名称不能为空", "The enterprise's name is empty."),
    ("该乡镇已有名为“{name}”的村(社区)，不能重复登记", "This township already has a village named “{name}”; it cannot be registered twice."),
    ("统一社会信用代码 {code} 已登记为“{name}”，不能重复登记",
     "Credit code {code} is already registered as “{name}”; it cannot be registered twice."),
    ("统一社会信用代码应为 18 位，“{code}”为 {n} 位", "A unified social credit code has 18 characters; “{code}” has {n}."),
    ("统一社会信用代码含有不允许的字符：{chars}", "The credit code contains characters that are not allowed: {chars}"),
    ("统一社会信用代码第 3 至 8 位应为行政区划代码（数字）",
     "Characters 3 to 8 of the credit code must be the division code (digits)."),
    ("统一社会信用代码校验位错误：末位应为 {expected}，而不是 {got}",
     "The credit code's check character is wrong: the last one should be {expected}, not {got}."),
    ("“{phone}”不是电话号码", "“{phone}” is not a phone number."),
    ("所选村(社区)不在该企业所在的乡镇(街道)", "The chosen village is not in the enterprise's township."),
    ("没有名为“{name}”的乡镇(街道)", "There is no township named “{name}”."),
    ("“{name}”不唯一，请写明县(市、区)：{options}", "“{name}” is not unique; name the county too: {options}"),
    # bundles (sync/importing.py, errors.UntrustedDevice)
    ("这个数据包是本机导出的，不需要导入到本机。", "This bundle was exported by this computer; it need not be imported here."),
    ("这是设备“{name}”的第 {n} 号数据包，本机已导入过它的第 {last} 号；{rest}",
     "This is bundle number {n} of device “{name}”, and its number {last} is already imported here; {rest}"),
    ("旧的或重放的数据包不能再导入。如确有遗漏，请让该设备用“全部导出”（--all）重新导出。",
     "an old or replayed bundle cannot be imported again. If something is really missing, have that device export "
     "everything again (--all)."),
    ("数据包不能导入：{why}", "The bundle cannot be imported: {why}"),
    ("数据包来自尚未信任的设备“{name}”（指纹 {fingerprint}）；请与该设备上显示的指纹当面核对，确认后用 --trust 或在窗口中选择信任再导入。",
     "The bundle comes from a device not trusted yet, “{name}” (fingerprint {fingerprint}); compare the fingerprint "
     "with the one that device shows, in person, then trust it and import again."),
    ("数据包中的检查用到了检查表 {ref}，本机没有安装，包中也没有附带，已拒绝。",
     "The bundle's inspections use checklist {ref}, which is neither installed here nor in the bundle: refused."),
    ("数据包中检查 {uuid} 的检查对象不在本机登记册中，包中也没有附带；{rest}",
     "The subject of inspection {uuid} in the bundle is not in this register, nor in the bundle; {rest}"),
    ("请先导入主管的设置数据包，再导入这个数据包。", "import the supervisor's set-up bundle first, then this one."),
    ("数据包中的修订 {rev} 与本机同编号的修订内容不同，数据包可能是伪造的，已拒绝。",
     "Revision {rev} in the bundle differs from the one with the same id here; the bundle may be forged: refused."),
    ("数据包中检查 {uuid} 所依据的检查表 {ref} 与本机的内容不同，已拒绝。",
     "Checklist {ref} of inspection {uuid} in the bundle differs from the one here: refused."),
    ("数据包不完整，已拒绝。", "The bundle is incomplete: refused."),
    ("{file}.qib：{why}", "{file}.qib: {why}"),  # a refused bundle in the import report
    ("数据包中检查 {uuid} 的答案不符合检查表 {ref}（{why}），已拒绝。",
     "An answer of inspection {uuid} in the bundle does not fit checklist {ref} ({why}): refused."),
    # a quantity outside its item's range (domain/item_kinds.py check_answer); `why` is the range in words,
    # translated by the lines after it (the whole-number ones first: "0 至 100的整数" is no "0 至 100")
    ("{item} 的数值 {value} 超出允许范围（{why}）", "{item}: the value {value} is outside the allowed range ({why})"),
    ("{low} 至 {high}的整数", "a whole number from {low} to {high}"),
    ("{low} 以上的整数", "a whole number of {low} or more"),
    ("{high} 以下的整数", "a whole number of {high} or less"),
    ("{low} 至 {high}", "{low} to {high}"),
    ("{low} 以上", "{low} or more"),
    ("{high} 以下", "{high} or less"),
    ("整数", "a whole number"),
]


def _compile(template: str) -> re.Pattern:
    parts = re.split(r"\{(\w+)\}", template)
    pattern = "".join(re.escape(p) if n % 2 == 0 else f"(?P<{p}>.+?)" for n, p in enumerate(parts))
    return re.compile(f"^{pattern}$", re.DOTALL)


@functools.cache
def _table() -> list[tuple[re.Pattern, str]]:
    """Compiled when a refusal is first translated, not at every start of the window."""
    return [(_compile(zh), en) for zh, en in TEMPLATES]


_SENTENCES = {"why", "rest"}


def english(text: str) -> str:
    """Each line of a refusal in English where the table knows it; other lines stay as they are."""
    return "\n".join(_line(line) for line in text.split("\n"))


def _line(line: str) -> str:
    for pattern, en in _table():
        found = pattern.match(line)
        if found:
            parts = {k: _line(v) if k in _SENTENCES else v for k, v in found.groupdict().items()}
            return en.format(**parts)
    return line


def in_language(text: str) -> str:
    """A sentence from below ui/ as the window shows it: translated when the window is in English."""
    return english(text) if preferences.language() == "en" else text
