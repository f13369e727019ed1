#!/usr/bin/env python3
"""lab-extract.py - turn the level-4 charon logs of one lab run into key files.

Reads the file logs of both daemons (a = responder "moon", b = initiator
"carol") and the `swanctl --list-sas` snapshots, and writes into --out:

  keys/charon-a.log, keys/charon-b.log  evidence: the log lines that matter
                                      (exchanges, packets, proposals, SAs,
                                      and the key hex dumps)
  keys/list-sas-a.txt, ...-b.txt      swanctl --list-sas after each step
  keys.txt                            every IKE and CHILD SA with all keys
  ikev2_decryption_table              Wireshark 4.0 UAT (IKEv2 SAs)
  ikev1_decryption_table              Wireshark 4.0 UAT (IKEv1 SAs)
  esp_sa                              Wireshark 4.0 UAT (ESP SAs)
  facts.md                            expected facts for the golden tests

Where keys come from (strongSwan 5.9, charon file log, level 4):
  IKEv2  keymat_v2.c  DBG4(DBG_IKE, "Sk_d secret %B") ... "Sk_pr secret %B"
  IKEv1  keymat_v1.c  DBG4(DBG_IKE, "encryption key Ka %B")
  CHILD  child_sa.c / keymat  DBG4(DBG_CHD, "encryption initiator key %B") ...
         "initiator"/"responder" there name the side that started the
         exchange which created the CHILD_SA, not the IKE_SA initiator.

UAT formats (Wireshark 4.0, epan/dissectors/packet-isakmp.c, packet-ipsec.c):
  ikev2_decryption_table  8 fields: SPIi,SPIr,SK_ei,SK_er,"encr",SK_ai,SK_ar,"integ"
                          bytes fields are bare hex, the two names quoted.
  ikev1_decryption_table  2 fields: initiator cookie, encryption key (bare hex)
  esp_sa                  8 quoted fields: "IPv4","src","dst","0xSPI","encr",
                          "0xkey","auth","0xkey"
Python 3 standard library only.
"""
import argparse
import os
import re
import sys

LINE_RE = re.compile(
    r'^(?P<time>\d\d:\d\d:\d\d) (?P<thread>\d+)\[(?P<group>[A-Z]+)\] '
    r'(?:<(?:(?P<name>[^|>]*)\|)?(?P<uid>\d+)> )?(?P<msg>.*)$')
DUMP_HDR_RE = re.compile(r'^(?P<label>.*?) => (?P<len>\d+) bytes @ (?:0x)?[0-9a-fA-F]+$')
DUMP_LINE_RE = re.compile(r'^\s*\d+: (?P<hex>.*)$')

# --- Wireshark 4.0 names -------------------------------------------------------

# strongSwan proposal token -> (IKEv2 UAT name, ESP UAT name)
def enc_names(tok):
    m = re.match(r'^AES_CBC_(\d+)$', tok)
    if m:
        return 'AES-CBC-%s [RFC3602]' % m.group(1), 'AES-CBC [RFC3602]', False
    m = re.match(r'^AES_CTR_(\d+)$', tok)
    if m:
        return 'AES-CTR-%s [RFC5930]' % m.group(1), 'AES-CTR [RFC3686]', False
    m = re.match(r'^AES_GCM_(8|12|16)_(\d+)$', tok)
    if m:
        icv, bits = m.groups()
        return ('AES-GCM-%s with %s octet ICV [RFC5282]' % (bits, icv),
                'AES-GCM with %s octet ICV [RFC4106]' % icv, True)
    m = re.match(r'^AES_CCM_(8|12|16)_(\d+)$', tok)
    if m:
        icv, bits = m.groups()
        return 'AES-CCM-%s with %s octet ICV [RFC5282]' % (bits, icv), None, True
    if tok == '3DES_CBC':
        return '3DES [RFC2451]', 'TripleDES-CBC [RFC2451]', False
    if tok == 'NULL':
        return 'NULL [RFC2410]', 'NULL', False
    if tok.startswith('CHACHA20_POLY1305'):
        # Wireshark 4.0 has no ChaCha20-Poly1305 in either table
        return None, None, True
    return None, None, False


INTEG_NAMES = {
    'HMAC_MD5_96': ('HMAC_MD5_96 [RFC2403]', 'HMAC-MD5-96 [RFC2403]'),
    'HMAC_SHA1_96': ('HMAC_SHA1_96 [RFC2404]', 'HMAC-SHA-1-96 [RFC2404]'),
    # RFC 4595's untruncated HMACs: IKEv2 only, esp_sa has no name for them
    'HMAC_MD5_128': ('HMAC_MD5_128 [RFC4595]', None),
    'HMAC_SHA1_160': ('HMAC_SHA1_160 [RFC4595]', None),
    'HMAC_SHA2_256_128': ('HMAC_SHA2_256_128 [RFC4868]', 'HMAC-SHA-256-128 [RFC4868]'),
    'HMAC_SHA2_384_192': ('HMAC_SHA2_384_192 [RFC4868]', 'HMAC-SHA-384-192 [RFC4868]'),
    'HMAC_SHA2_512_256': ('HMAC_SHA2_512_256 [RFC4868]', 'HMAC-SHA-512-256 [RFC4868]'),
}


def split_proposal(text):
    """'IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048' ->
    (proto, encr, integ, prf, dh, esn)"""
    proto, _, rest = text.partition(':')
    encr = integ = prf = dh = esn = None
    for tok in rest.split('/'):
        if tok.startswith('PRF_'):
            prf = tok
        elif tok.startswith(('HMAC_', 'AES_XCBC', 'AES_CMAC')):
            integ = tok
        elif tok in ('NO_EXT_SEQ', 'EXT_SEQ'):
            esn = tok
        elif tok.startswith(('MODP_', 'ECP_', 'CURVE_', 'ECP', 'X25519', 'X448')):
            dh = tok
        elif encr is None:
            encr = tok
    return proto, encr, integ, prf, dh, esn

# --- log parsing ----------------------------------------------------------------


class Line:
    __slots__ = ('no', 'time', 'thread', 'group', 'name', 'uid', 'msg', 'raw')


def read_log(path):
    lines = []
    with open(path, errors='replace') as f:
        for no, raw in enumerate(f, 1):
            raw = raw.rstrip('\n')
            m = LINE_RE.match(raw)
            if not m:
                continue
            ln = Line()
            ln.no, ln.raw = no, raw
            ln.time, ln.thread, ln.group = m.group('time'), m.group('thread'), m.group('group')
            ln.name, ln.uid, ln.msg = m.group('name'), m.group('uid'), m.group('msg')
            lines.append(ln)
    return lines


def collect_dumps(lines):
    """Attach hex dump bytes to their '<label> => N bytes @ addr' header.
    Returns {index of header line: bytes} and the set of dump line indexes."""
    dumps, members = {}, {}
    open_dumps = {}  # thread -> [header index, expected length, bytearray]
    for i, ln in enumerate(lines):
        m = DUMP_LINE_RE.match(ln.msg)
        cur = open_dumps.get(ln.thread)
        if m and cur is not None and len(cur[2]) < cur[1]:
            hexpart = m.group('hex')[:48]
            cur[2].extend(bytes.fromhex(''.join(re.findall(r'[0-9A-Fa-f]{2}', hexpart))))
            members[i] = cur[0]
            if len(cur[2]) >= cur[1]:
                dumps[cur[0]] = bytes(cur[2][:cur[1]])
                del open_dumps[ln.thread]
            continue
        h = DUMP_HDR_RE.match(ln.msg)
        if h:
            n = int(h.group('len'))
            if n == 0:
                dumps[i] = b''
            else:
                open_dumps[ln.thread] = [i, n, bytearray()]
    return dumps, members


KEY_LABELS_IKE = ('Sk_d secret', 'Sk_ai secret', 'Sk_ar secret', 'Sk_ei secret',
                  'Sk_er secret', 'Sk_pi secret', 'Sk_pr secret')
CHILD_KEY_RE = re.compile(r'^(encryption|integrity) (initiator|responder) key$')
EXCH_RE = re.compile(r'^(?P<dir>generating|parsed) (?P<exch>\S+) (?P<rr>request|response) '
                     r'(?P<mid>\d+) \[(?P<payloads>.*)\]$')
PKT_RE = re.compile(r'^(?P<dir>sending|received) packet: from (?P<src>\S+) to (?P<dst>\S+) '
                    r'\((?P<len>\d+) bytes\)$')
CHILD_EST_RE = re.compile(r'^(?:inbound |outbound )?CHILD_SA (?P<child>\S+)\{(?P<cuid>\d+)\} established with SPIs '
                          r'(?P<spi_in>[0-9a-f]+)_i (?P<spi_out>[0-9a-f]+)_o and TS (?P<ts>.*)$')
IKE_EST_RE = re.compile(r'^IKE_SA (?P<sa>\S+) established between (?P<local>[^\[]+)\[(?P<lid>.*?)\]'
                        r'\.\.\.(?P<remote>[^\[]+)\[(?P<rid>.*?)\]$')


class NodeLog:
    """Everything found in one daemon's log."""

    def __init__(self, side, path):
        self.side = side
        self.lines = read_log(path)
        self.dumps, self.dump_members = collect_dumps(self.lines)
        self.ike_keysets = []     # dicts
        self.child_sas = []       # dicts
        self.exchanges = []       # dicts, in log order
        self.ike_established = []
        self.keep = set()         # line indexes kept as evidence
        self._parse()

    def _parse(self):
        last_prop = {}            # (uid, proto) -> proposal text
        last_parsed = {}          # uid -> 'request'|'response' of last parsed message
        cur_ike = {}              # thread -> keyset being collected
        pending_child = {}        # uid -> child key dict being collected
        pending_spi = {}          # thread -> [spi0, spi1] from generating/parsing rules
        last_pair = {}            # uid -> (ispi, rspi) last complete header seen
        last_rx = {}              # thread -> last 'received packet' line
        own_ispi = {}             # uid -> first initiator SPI seen in a message of that SA
        all_pairs = []            # (line index, ispi, rspi) of every complete header
        for i, ln in enumerate(self.lines):
            msg = ln.msg
            uid = ln.uid
            if i in self.dump_members:
                hdr = self.dump_members[i]
                if hdr in self.keep:
                    self.keep.add(i)
                continue
            # IKE header SPIs (enc level 4: "generating rule 0 IKE_SPI" + dump)
            m = re.match(r'^\s+(generating|parsing) rule ([01]) IKE_SPI$', msg)
            if m:
                idx = i + 1
                if idx < len(self.lines) and idx in self.dumps:
                    spi = self.dumps[idx]
                    if m.group(2) == '0':
                        pending_spi[ln.thread] = [spi, None]
                    elif ln.thread in pending_spi:
                        pending_spi[ln.thread][1] = spi
                        ispi, rspi = pending_spi.pop(ln.thread)
                        if uid and any(ispi):
                            own_ispi.setdefault(uid, ispi)
                        if any(ispi) and any(rspi):
                            all_pairs.append((ln.no, ispi, rspi))
                        if uid and any(rspi) and any(ispi):
                            last_pair[uid] = (ispi, rspi)
                            # bind SPIs to key sets of this SA that still lack them
                            for ks in self.ike_keysets:
                                if ks['uid'] == uid and ks.get('ispi') is None and \
                                        not ks.get('rekey_pending'):
                                    ks['ispi'], ks['rspi'] = ispi, rspi
                continue
            m = re.match(r'^selected proposal: (.*)$', msg)
            if m:
                proto = m.group(1).split(':')[0]
                last_prop[(uid, proto)] = m.group(1)
                self.keep.add(i)
                continue
            h = DUMP_HDR_RE.match(msg)
            if h:
                label = h.group('label')
                if label in KEY_LABELS_IKE and i in self.dumps:
                    if label == 'Sk_d secret' or ln.thread not in cur_ike:
                        # a key set derived on an established IKE_SA is for
                        # its rekeyed successor ("IKE_SA x[N] rekeyed" follows)
                        rekey = any(e['uid'] == uid for e in self.ike_established)
                        ks = {'uid': uid, 'name': ln.name, 'version': 2, 'line': ln.no,
                              'proposal': last_prop.get((uid, 'IKE')), 'ispi': None,
                              'rspi': None, 'rekey_pending': rekey}
                        self.ike_keysets.append(ks)
                        cur_ike[ln.thread] = ks
                    cur_ike[ln.thread][label.split()[0]] = self.dumps[i]
                    self.keep.add(i)
                    continue
                if label in ('encryption key Ka', 'encryption key') and i in self.dumps:
                    # IKEv1 (keymat_v1.c)
                    ks = {'uid': uid, 'name': ln.name, 'version': 1, 'line': ln.no,
                          'proposal': last_prop.get((uid, 'IKE')), 'ispi': None,
                          'rspi': None, 'Ka': self.dumps[i]}
                    self.ike_keysets.append(ks)
                    self.keep.add(i)
                    continue
                cm = CHILD_KEY_RE.match(label)
                if cm and i in self.dumps:
                    ck = pending_child.setdefault(uid, {'keys': {}, 'line': ln.no,
                                                        'role': last_parsed.get(uid)})
                    ck['keys'][(cm.group(1), cm.group(2))] = self.dumps[i]
                    self.keep.add(i)
                    continue
                if label in ('SKEYID_d', 'SKEYID_a', 'SKEYID_e', 'SKEYID') and i in self.dumps:
                    self.keep.add(i)
                continue
            m = EXCH_RE.match(msg)
            if m:
                d = m.groupdict()
                d.update(uid=uid, name=ln.name, time=ln.time, line=ln.no)
                if d['dir'] == 'parsed' and ln.thread in last_rx:
                    d['packet'] = last_rx.pop(ln.thread)
                self.exchanges.append(d)
                if d['dir'] == 'parsed':
                    last_parsed[uid] = d['rr']
                else:
                    # a request we generate starts an exchange we initiate
                    if d['rr'] == 'request':
                        last_parsed[uid] = 'initiating'
                self.keep.add(i)
                continue
            m = PKT_RE.match(msg)
            if m:
                if m.group('dir') == 'received':
                    last_rx[ln.thread] = m.groupdict()
                elif self.exchanges and 'packet' not in self.exchanges[-1]:
                    self.exchanges[-1]['packet'] = m.groupdict()
                self.keep.add(i)
                continue
            m = re.match(r'^IKE_SA (\S+)\[(\d+)\] rekeyed between', msg)
            if m:
                ks = cur_ike.get(ln.thread)
                if ks is not None and ks.get('rekey_pending'):
                    ks['rekeyed_from'] = ks['uid']
                    ks['uid'] = m.group(2)
                    ks['rekey_pending'] = False
                    ks['ispi'] = ks['rspi'] = None
                old = [e for e in self.ike_established if e['uid'] == uid]
                if old:
                    new = dict(old[-1])
                    new.update(uid=m.group(2), sa='%s[%s]' % (m.group(1), m.group(2)),
                               rekeyed_from=uid)
                    self.ike_established.append(new)
                self.keep.add(i)
                continue
            m = CHILD_EST_RE.match(msg)
            if m and any(c['cuid'] == m.group('cuid') for c in self.child_sas):
                self.keep.add(i)
                continue
            if m:
                d = m.groupdict()
                ck = pending_child.pop(uid, None)
                d.update(uid=uid, name=ln.name, time=ln.time,
                         proposal=last_prop.get((uid, 'ESP')) or last_prop.get((uid, 'AH')),
                         keys=ck['keys'] if ck else {},
                         role=ck['role'] if ck else None)
                self.child_sas.append(d)
                self.keep.add(i)
                continue
            m = IKE_EST_RE.match(msg)
            if m:
                d = m.groupdict()
                d.update(uid=uid, name=ln.name)
                self.ike_established.append(d)
                self.keep.add(i)
                continue
            if ln.group in ('IKE', 'CHD', 'CFG') and not msg.startswith(' ') and \
                    not DUMP_HDR_RE.match(msg) and 'task' not in msg:
                self.keep.add(i)
            elif ln.group in ('IKE', 'CFG') and re.match(r'^\s+(config|[0-9a-f:.]+/\d+)', msg):
                self.keep.add(i)   # traffic selector details
        # IKE keysets still without SPIs: use the last full header seen for the SA,
        # else a parsed header (those lines carry no SA name) with the SA's SPIi
        for ks in self.ike_keysets:
            if ks['ispi'] is None and ks['uid'] in last_pair:
                ks['ispi'], ks['rspi'] = last_pair[ks['uid']]
            elif ks['ispi'] is None and ks['uid'] in own_ispi:
                cand = [p for p in all_pairs if p[1] == own_ispi[ks['uid']] and
                        p[0] < ks['line']]
                if cand:
                    ks['ispi'], ks['rspi'] = cand[-1][1], cand[-1][2]

    def evidence(self):
        out = []
        for i in sorted(self.keep):
            out.append(self.lines[i].raw)
        return '\n'.join(out) + '\n'


def read_list_sas(path):
    """uid -> (version, ispi, rspi) from 'name: #1, ESTABLISHED, IKEv2, <spi>_i* <spi>_r'"""
    res = {}
    if not path or not os.path.exists(path):
        return res
    with open(path) as f:
        for line in f:
            m = re.match(r'^\S+: #(\d+), \S+, IKEv(\d), ([0-9a-f]{16})_i\*? ([0-9a-f]{16})_r', line)
            if m:
                res[m.group(1)] = (int(m.group(2)), bytes.fromhex(m.group(3)),
                                   bytes.fromhex(m.group(4)))
    return res

# --- outputs ----------------------------------------------------------------------


def hx(b):
    return b.hex() if b is not None else ''


def child_directions(c, local, remote):
    """Yield (src, dst, spi, encr key, integ key) for both ESP SAs of one CHILD_SA
    as seen by the node that logged it."""
    role = c.get('role')
    # the side that started the exchange: its outbound SA uses the 'initiator' keys
    initiated = role in ('response', 'initiating')
    k = c['keys']
    out_dir, in_dir = ('initiator', 'responder') if initiated else ('responder', 'initiator')
    yield (local, remote, c['spi_out'], k.get(('encryption', out_dir)),
           k.get(('integrity', out_dir)))
    yield (remote, local, c['spi_in'], k.get(('encryption', in_dir)),
           k.get(('integrity', in_dir)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--scenario', required=True)
    ap.add_argument('--description', default='')
    ap.add_argument('--log-a', required=True)
    ap.add_argument('--log-b', required=True)
    ap.add_argument('--list-a')
    ap.add_argument('--list-b')
    ap.add_argument('--steps')
    ap.add_argument('--ping-pattern', default='')
    ap.add_argument('--strongswan-version', default='')
    ap.add_argument('--out', required=True)
    args = ap.parse_args()

    os.makedirs(os.path.join(args.out, 'keys'), exist_ok=True)
    nodes = {'a': NodeLog('a', args.log_a), 'b': NodeLog('b', args.log_b)}
    lists = {'a': read_list_sas(args.list_a), 'b': read_list_sas(args.list_b)}
    problems = []

    for side, node in nodes.items():
        with open(os.path.join(args.out, 'keys', 'charon-%s.log' % side), 'w') as f:
            f.write(node.evidence())
        # list-sas snapshots are the daemon's own word on SPIs: prefer them
        for ks in node.ike_keysets:
            snap = lists[side].get(ks['uid'])
            if snap and (ks['ispi'] is None or ks.get('rekeyed_from')):
                ks['ispi'], ks['rspi'] = snap[1], snap[2]
            elif snap and (ks['ispi'], ks['rspi']) != (snap[1], snap[2]):
                problems.append('%s: IKE_SA uid %s: SPIs from the log and from list-sas differ'
                                % (side, ks['uid']))

    # IKE SAs: take b's view, check that a derived the same keys
    ike_rows, ikev1_rows, keys_txt = [], [], []
    seen = set()
    for side in ('b', 'a'):
        for ks in nodes[side].ike_keysets:
            if ks['ispi'] is None:
                problems.append('%s: IKE key set at log line %d has no SPIs' % (side, ks['line']))
                continue
            ident = (ks['ispi'], ks['rspi'] if ks['version'] == 2 else b'')
            if ident in seen:
                continue
            seen.add(ident)
            # cross-check with the other side
            other = nodes['a' if side == 'b' else 'b']
            twin = [o for o in other.ike_keysets if o['ispi'] == ks['ispi'] and
                    (ks['version'] == 1 or o['rspi'] == ks['rspi'])]
            if twin:
                for label in ('Sk_d', 'Sk_ei', 'Sk_er', 'Sk_ai', 'Sk_ar', 'Ka'):
                    if ks.get(label) != twin[0].get(label):
                        problems.append('IKE SA %s: %s differs between a and b' % (hx(ks['ispi']), label))
            prop = ks['proposal'] or ''
            _, encr, integ, prf, dh, _ = split_proposal(prop)
            keys_txt.append('# IKE_SA %s[%s] (IKEv%d) logged by %s, proposal %s' % (
                ks['name'], ks['uid'], ks['version'], side, prop))
            if ks['version'] == 2:
                ike_name, _, aead = enc_names(encr or '')
                if aead:
                    integ_name = 'NONE [RFC4306]'
                else:
                    integ_name = INTEG_NAMES.get(integ or '', (None, None))[0]
                keys_txt.append('ike_version=2 spi_i=%s spi_r=%s encr=%s integ=%s prf=%s dh=%s' % (
                    hx(ks['ispi']), hx(ks['rspi']), encr, integ or 'none', prf, dh))
                for label in ('Sk_d', 'Sk_ei', 'Sk_er', 'Sk_ai', 'Sk_ar', 'Sk_pi', 'Sk_pr'):
                    keys_txt.append('%s=%s' % (label.upper().replace('SK_', 'SK_'), hx(ks.get(label))))
                if ike_name and integ_name:
                    ike_rows.append('%s,%s,%s,%s,"%s",%s,%s,"%s"' % (
                        hx(ks['ispi']), hx(ks['rspi']), hx(ks.get('Sk_ei')), hx(ks.get('Sk_er')),
                        ike_name, hx(ks.get('Sk_ai') or b''), hx(ks.get('Sk_ar') or b''), integ_name))
                else:
                    keys_txt.append('# not in ikev2_decryption_table: Wireshark 4.0 has no name for %s/%s'
                                    % (encr, integ))
            else:
                keys_txt.append('ike_version=1 cookie_i=%s cookie_r=%s encr=%s' % (
                    hx(ks['ispi']), hx(ks['rspi']), encr))
                keys_txt.append('KA=%s' % hx(ks.get('Ka')))
                ikev1_rows.append('%s,%s' % (hx(ks['ispi']), hx(ks.get('Ka'))))
            keys_txt.append('')

    # CHILD_SAs: both views, cross-checked; one esp_sa row per SPI
    esp = {}  # spi -> row fields
    # a first: the capture is taken on a's link, so a's view of the addresses
    # is the one on the wire (it differs from b's behind the lab NAT)
    for side in ('a', 'b'):
        node = nodes[side]
        hosts = {}
        for e in node.ike_established:
            hosts[e['uid']] = (e['local'], e['remote'])
        for c in node.child_sas:
            local, remote = hosts.get(c['uid'], (None, None))
            if local is None:
                problems.append('%s: no IKE_SA hosts for CHILD_SA %s' % (side, c['child']))
                continue
            _, encr, integ, _, dh, esn = split_proposal(c['proposal'] or '')
            _, esp_enc, aead = enc_names(encr or '')
            esp_integ = 'NULL' if aead else INTEG_NAMES.get(integ or '', (None, None))[1]
            for src, dst, spi, ek, ik in child_directions(c, local, remote):
                if ek is None:
                    problems.append('%s: CHILD_SA %s SPI %s has no key dump' % (side, c['child'], spi))
                    continue
                row = dict(src=src, dst=dst, spi=spi, ek=ek, ik=ik or b'', encr=encr, integ=integ,
                           esp_enc=esp_enc, esp_integ=esp_integ, child=c['child'], side=side,
                           dh=dh, esn=esn, ts=c['ts'])
                if spi in esp:
                    if esp[spi]['ek'] != ek or esp[spi]['ik'] != row['ik']:
                        problems.append('ESP SPI %s: a and b disagree on keys or direction' % spi)
                else:
                    esp[spi] = row
    esp_rows = []
    keys_txt.append('# ESP SAs (src -> dst, SPI, keys)')
    for spi, r in esp.items():
        fam = 'IPv6' if ':' in r['src'] else 'IPv4'
        keys_txt.append('esp spi=0x%s src=%s dst=%s encr=%s integ=%s enc_key=%s integ_key=%s child=%s' % (
            spi, r['src'], r['dst'], r['encr'], r['integ'] or 'none', hx(r['ek']), hx(r['ik']) or '-',
            r['child']))
        if r['esp_enc'] and r['esp_integ']:
            esp_rows.append('"%s","%s","%s","0x%s","%s","0x%s","%s","%s"' % (
                fam, r['src'], r['dst'], spi, r['esp_enc'], hx(r['ek']), r['esp_integ'],
                ('0x' + hx(r['ik'])) if r['ik'] else ''))
        else:
            keys_txt.append('# not in esp_sa: Wireshark 4.0 has no name for %s' % r['encr'])

    def write(name, rows):
        path = os.path.join(args.out, name)
        if rows:
            with open(path, 'w') as f:
                f.write('\n'.join(rows) + '\n')
        elif os.path.exists(path):
            os.remove(path)

    write('ikev2_decryption_table', ike_rows)
    write('ikev1_decryption_table', ikev1_rows)
    write('esp_sa', esp_rows)
    with open(os.path.join(args.out, 'keys.txt'), 'w') as f:
        f.write('# keys of scenario %s, from the charon level-4 logs (keys/charon-*.log)\n' % args.scenario)
        f.write('\n'.join(keys_txt) + '\n')

    write_facts(args, nodes, esp, problems)
    for p in problems:
        print('lab-extract: WARNING: %s' % p, file=sys.stderr)


def write_facts(args, nodes, esp, problems):
    b, a = nodes['b'], nodes['a']
    out = []
    out.append('# %s: expected facts' % args.scenario)
    out.append('')
    out.append('%s' % args.description)
    out.append('')
    out.append('Generated by tests/lab/lab-extract.py from the charon logs of both daemons '
               '(%s); see keys/charon-a.log (responder, lab-a) and keys/charon-b.log '
               '(initiator, lab-b).' % args.strongswan_version)
    out.append('')
    out.append('## Exchanges, in the order the initiator (b) logged them')
    out.append('')
    out.append('Sender is the node that generated the message. MID is the IKE message ID.')
    out.append('')
    out.append('| # | time | sender | exchange | request/response | MID | payloads | UDP |')
    out.append('|---|------|--------|----------|------------------|-----|----------|-----|')
    n = 0
    for e in b.exchanges:
        n += 1
        sender = 'b' if e['dir'] == 'generating' else 'a'
        udp = ''
        if 'packet' in e:
            udp = '%s -> %s' % (e['packet']['src'], e['packet']['dst'])
        out.append('| %d | %s | %s | %s | %s | %s | %s | %s |' % (
            n, e['time'], sender, e['exch'], e['rr'], e['mid'], e['payloads'].strip(), udp))
    out.append('')
    out.append('The responder (a) logged:')
    out.append('')
    for e in a.exchanges:
        out.append('- %s %s %s %s %s [%s]' % (e['time'], 'sent' if e['dir'] == 'generating' else 'received',
                                            e['exch'], e['rr'], e['mid'], e['payloads'].strip()))
    out.append('')
    out.append('## IKE SAs')
    out.append('')
    for side, node in (('b', b), ('a', a)):
        for e in node.ike_established:
            out.append('- %s: IKE_SA %s %s, local %s [%s], remote %s [%s]' % (
                side, e['sa'], 'established' if not e.get('rekeyed_from') else
                'created by rekeying uid %s' % e['rekeyed_from'],
                e['local'], e['lid'], e['remote'], e['rid']))
    seen = set()
    for side, node in (('b', b), ('a', a)):
        for ks in node.ike_keysets:
            if ks['ispi'] is None or (ks['ispi'], ks['rspi']) in seen:
                continue
            seen.add((ks['ispi'], ks['rspi']))
            out.append('- IKEv%d SA uid %s (%s log): SPIi %s SPIr %s, proposal %s' % (
                ks['version'], ks['uid'], side, hx(ks['ispi']), hx(ks['rspi']), ks['proposal']))
    out.append('')
    out.append('## CHILD SAs')
    out.append('')
    for side, node in (('b', b), ('a', a)):
        for c in node.child_sas:
            out.append('- %s: CHILD_SA %s{%s} SPIs in %s out %s, TS %s, proposal %s, '
                       'this node %s the exchange' % (
                           side, c['child'], c['cuid'], c['spi_in'], c['spi_out'], c['ts'],
                           c['proposal'], 'initiated' if c['role'] in ('response', 'initiating')
                           else 'responded to'))
    out.append('')
    out.append('ESP SAs on the wire:')
    out.append('')
    for spi, r in esp.items():
        out.append('- SPI 0x%s: %s -> %s, %s/%s' % (spi, r['src'], r['dst'], r['encr'], r['integ'] or 'AEAD'))
    out.append('')
    out.append('## Other facts')
    out.append('')
    for side, node in (('b', b), ('a', a)):
        for ln in node.lines:
            m = ln.msg
            if re.search(r'(authentication of .* successful|faking NAT situation|behind NAT|'
                         r'received \S+ notify|received \S+ error notify|sending keep alive|'
                         r'retransmit|deleting|closing CHILD_SA|rekeying|rekeyed|'
                         r'giving up|AUTHENTICATION_FAILED|INVALID_KE_PAYLOAD|NO_PROPOSAL_CHOSEN|'
                         r'COOKIE|fragment|received DELETE|sending DELETE|DPD|liveness)', m, re.I) \
                    and not DUMP_HDR_RE.match(m) and 'task' not in m and not m.startswith(' '):
                out.append('- %s %s: %s' % (side, ln.time, m))
    if args.ping_pattern:
        out.append('')
        out.append('Ping payload pattern: `ping -p %s -s 64` (ASCII "%s" repeated in the ICMP '
                   'echo data, visible in decrypted ESP).' % (
                       args.ping_pattern, bytes.fromhex(args.ping_pattern).decode('ascii', 'replace')))
    if args.steps and os.path.exists(args.steps):
        out.append('')
        out.append('## Steps driven by run-lab.sh')
        out.append('')
        with open(args.steps) as f:
            for line in f:
                out.append('- ' + line.strip())
    if problems:
        out.append('')
        out.append('## Extraction warnings')
        out.append('')
        for p in problems:
            out.append('- ' + p)
    with open(os.path.join(args.out, 'facts.md'), 'w') as f:
        f.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main()
