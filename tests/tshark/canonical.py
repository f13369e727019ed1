"""tshark output in one form for every Wireshark version the plugin supports (4.0, 4.4, 4.6).

The golden files hold the plugin's output in this form, and the tests bring tshark's actual
output into it before comparing, so one golden file serves every version. Two kinds of
difference are taken out, and nothing else:

- How tshark prints (the same tree, printed differently): long byte fields are cut with
  "…" in 4.0 and shown whole after a "[…]" label mark from 4.2; long labels are cut at
  different points with "[truncated]" or "[…]"; relative times are printed in seconds
  (4.0, 4.4) or milliseconds (4.6); -T fields escapes the separator inside a value from
  4.2 on and prints booleans as True/False instead of 1/0.
- What Wireshark's own dissectors print where the plugin hands data to them: the frame
  summary line (4.6 adds "Packet, "), the X.509 tree of a certificate (4.6 nests the RSA
  key deeper), the EAP tree below its first level (4.6 decodes the insides of EAP-AKA
  attributes: RAND, AUTN, RES, the IMSI of an identity) and TCP's Info text for a segment of a reassembled PDU (gone after 4.0).
  The golden keeps the first line of such a subtree and leaves the rest to Wireshark's
  own tests; `unchanged` cases compare whole captures with the same version's stock tshark.
"""
import re
from decimal import Decimal

HEX_KEEP = 48      # hex digits of a long byte field kept (4.0 shows 72, 4.4 and 4.6 all)
TEXT_KEEP = 160    # characters of a cut label kept (each version cuts near 240)

_BYTES = re.compile(r"^(\s*)(\[?)([^\[\]:]+?)(?: \[…\])?: (0x)?([0-9a-f]+)(…)?(\]?)$")
_CUT_WHOLE = re.compile(r"^(\s*)\[(?: \[truncated\]|\[…\] )(.*?)\]?$")
_CUT_VALUE = re.compile(r"^(\s*)(\[?)([^\[\]:]+?) (?:\[truncated\]|\[…\]): (.*?)(\]?)$")
_TIME = re.compile(r"\b(\d+\.\d+) (seconds|milliseconds|microseconds|nanoseconds)\b")
_UNIT = {"seconds": 0, "milliseconds": 3, "microseconds": 6, "nanoseconds": 9}
_FRAME = re.compile(r"^Frame (\d+): Packet, ")
_STOCK_SUBTREES = ("PKIX CERT File Format", "Extensible Authentication Protocol")


def _seconds(m):
    value = Decimal(m.group(1)).scaleb(-_UNIT[m.group(2)])
    return "%s seconds" % format(value.quantize(Decimal("0.000000001")), "f")


def _line(line):
    m = _BYTES.match(line)
    if m and (m.group(6) or len(m.group(5)) > HEX_KEEP):
        indent, br, name, prefix, digits, _, close = m.groups()
        return "%s%s%s: %s%s…%s" % (indent, br, name, prefix or "", digits[:HEX_KEEP], close)
    m = _CUT_WHOLE.match(line)
    if m and line.rstrip().endswith("]"):
        return "%s[[…] %s…]" % (m.group(1), m.group(2)[:TEXT_KEEP])
    m = _CUT_VALUE.match(line)
    if m:
        indent, br, name, text, close = m.groups()
        return "%s%s%s […]: %s…%s" % (indent, br, name, text[:TEXT_KEEP], close)
    line = _FRAME.sub(r"Frame \1: ", line)
    return _TIME.sub(_seconds, line)


def verbose(text):
    """`tshark -V` output in the common form."""
    out = []
    stock_indent = None  # inside a subtree printed by one of Wireshark's own dissectors
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        if stock_indent is not None:
            if line.strip() and indent > stock_indent + 4:
                continue
            if not line.strip() or indent <= stock_indent:
                stock_indent = None
        if line.strip() in _STOCK_SUBTREES:
            stock_indent = indent
        out.append(_line(line))
    return "\n".join(out) + ("\n" if text.endswith("\n") else "")


def fields(text, separator="|"):
    """`tshark -T fields` output in the common form: the Info column named as asked
    (4.4 and later print _ws.col.Info as _ws.col.info in the header), the separator
    unescaped inside values, TCP's 4.0 Info text for reassembled segments dropped."""
    text = text.replace("_ws.col.info", "_ws.col.Info")
    text = text.replace("\\" + separator, separator)
    text = text.replace("[TCP segment of a reassembled PDU]", "")
    return text


def field_bool(value):
    """A boolean field's value as 4.0 prints it ("1"/"0"); 4.2 and later print True/False."""
    return {"True": "1", "False": "0"}.get(value, value)
