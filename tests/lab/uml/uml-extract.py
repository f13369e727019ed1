#!/usr/bin/env python3
"""uml-extract.py - second pass over a UML lab run (tests/lab/uml/run-uml-lab.sh).

lab-extract.py has already written keys.txt, esp_sa, ikev2_decryption_table,
facts.md and keys/charon-*.log from the charon logs. This script adds what only
the UML lab has:

  * the kernel's own SAs: `ip -s xfrm state` snapshots of both namespaces
    (work/{a,b}/xfrm.log, copied to keys/xfrm-state-{a,b}.txt by the caller).
    Every ESP SA's keys as the kernel holds them are compared with esp_sa /
    keys.txt; SAs lab-extract.py could not write (NULL encryption: charon logs
    no zero-length key) are added to esp_sa from the kernel state when
    Wireshark 4.0 has names for the algorithms.
  * for libreswan-* scenarios, node b is libreswan's pluto: its key lines
    (plutodebug="base crypt private") are extracted to keys/pluto-b.log and
    compared with charon's (node a) keys and with the kernel SAs.
  * sections appended to facts.md and keys.txt.

Python 3 standard library only.
"""
import argparse
import csv
import io
import os
import re
import sys

# --- ip -s xfrm state ----------------------------------------------------------

ENC_WS = {  # kernel name -> Wireshark 4.0 ESP encryption name
    'cbc(aes)': 'AES-CBC [RFC3602]',
    'rfc3686(ctr(aes))': 'AES-CTR [RFC3686]',
    'cbc(des3_ede)': 'TripleDES-CBC [RFC2451]',
    'ecb(cipher_null)': 'NULL',
}
AUTH_WS = {  # (kernel name, truncation bits) -> Wireshark 4.0 ESP authentication name
    ('hmac(sha1)', 96): 'HMAC-SHA-1-96 [RFC2404]',
    ('hmac(sha256)', 128): 'HMAC-SHA-256-128 [RFC4868]',
    ('hmac(sha384)', 192): 'HMAC-SHA-384-192 [RFC4868]',
    ('hmac(sha512)', 256): 'HMAC-SHA-512-256 [RFC4868]',
    ('hmac(md5)', 96): 'HMAC-MD5-96 [RFC2403]',
}
AEAD_WS = {  # (kernel name, ICV bits) -> Wireshark 4.0 name; GMAC and ChaCha20 have none
    ('rfc4106(gcm(aes))', 64): 'AES-GCM with 8 octet ICV [RFC4106]',
    ('rfc4106(gcm(aes))', 96): 'AES-GCM with 12 octet ICV [RFC4106]',
    ('rfc4106(gcm(aes))', 128): 'AES-GCM with 16 octet ICV [RFC4106]',
}


OWN_ADDR = {'a': '192.0.2.1', 'b': '192.0.2.2'}  # outer addresses of the lab namespaces


def parse_xfrm(path):
    """spi -> SA dict, from the last snapshot that lists the SA."""
    sas = {}
    if not os.path.exists(path):
        return sas
    label = ''
    cur = None
    section = None
    with open(path) as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('=== '):
                label = line[4:]
                cur = None
                continue
            if line.startswith('--- '):
                section = 'state' if 'xfrm state' in line else 'policy'
                cur = None
                continue
            if section != 'state':
                continue
            m = re.match(r'^src (\S+) dst (\S+)$', line)
            if m:
                cur = {'src': m.group(1), 'dst': m.group(2), 'snapshot': label, 'flags': '',
                       'enc': None, 'auth': None, 'aead': None, 'packets': 0, 'bytes': 0,
                       'esn': False, 'replay_window': None, 'oseq': None, 'seq': None}
                continue
            if cur is None:
                continue
            s = line.strip()
            m = re.match(r'^proto (\S+) spi 0x([0-9a-f]+)\(\d+\) reqid (\d+)\S* mode (\S+)', s)
            if m:
                cur.update(proto=m.group(1), spi=m.group(2), reqid=m.group(3), mode=m.group(4))
                sas[cur['spi']] = cur
                continue
            m = re.match(r'^replay-window (\d+) seq \S+ flag (.*?) \((0x[0-9a-f]+)\)$', s)
            if m:
                cur['replay_window'] = int(m.group(1))
                cur['flags'] = m.group(2).strip()
                cur['esn'] = 'esn' in m.group(2).split()
                continue
            m = re.match(r'^auth-trunc (\S+) 0x([0-9a-f]+) \(\d+ bits\) (\d+)$', s)
            if m:
                cur['auth'] = (m.group(1), m.group(2), int(m.group(3)))
                continue
            m = re.match(r'^enc (\S+)(?: 0x([0-9a-f]*) \(\d+ bits\))?\s*$', s)
            if m:
                cur['enc'] = (m.group(1), m.group(2) or '')
                continue
            m = re.match(r'^aead (\S+) 0x([0-9a-f]+) \(\d+ bits\) (\d+)$', s)
            if m:
                cur['aead'] = (m.group(1), m.group(2), int(m.group(3)))
                continue
            m = re.match(r'^(\d+)\(bytes\), (\d+)\(packets\)$', s)
            if m:
                cur['bytes'], cur['packets'] = int(m.group(1)), int(m.group(2))
                continue
            m = re.match(r'^anti-replay context: seq (0x[0-9a-f]+), oseq (0x[0-9a-f]+)', s)
            if m:
                cur['seq'], cur['oseq'] = int(m.group(1), 16), int(m.group(2), 16)
                continue
            m = re.match(r'^replay_window (\d+), bitmap-length', s)
            if m:
                # XFRMA_REPLAY_ESN_VAL (libreswan always, charon with ESN) carries the window
                cur['replay_window'] = int(m.group(1))
                continue
            m = re.match(r'^seq-hi (0x[0-9a-f]+), seq (0x[0-9a-f]+), oseq-hi (0x[0-9a-f]+), oseq (0x[0-9a-f]+)', s)
            if m:
                cur['seq'] = (int(m.group(1), 16) << 32) | int(m.group(2), 16)
                cur['oseq'] = (int(m.group(3), 16) << 32) | int(m.group(4), 16)
    return sas


def kernel_algs(sa):
    if sa['aead']:
        return '%s icv %d' % (sa['aead'][0], sa['aead'][2])
    parts = []
    if sa['enc']:
        parts.append(sa['enc'][0])
    if sa['auth']:
        parts.append('%s/%d' % (sa['auth'][0], sa['auth'][2]))
    return ' + '.join(parts)


def kernel_keys(sa):
    """(encryption key hex, integrity key hex) as esp_sa holds them."""
    if sa['aead']:
        return sa['aead'][1], ''
    return (sa['enc'][1] if sa['enc'] else ''), (sa['auth'][1] if sa['auth'] else '')


def ws_names(sa):
    if sa['aead']:
        n = AEAD_WS.get((sa['aead'][0], sa['aead'][2]))
        return (n, 'NULL') if n else (None, None)
    enc = ENC_WS.get(sa['enc'][0]) if sa['enc'] else None
    auth = AUTH_WS.get((sa['auth'][0], sa['auth'][2])) if sa['auth'] else None
    return enc, auth


def read_esp_sa(path):
    rows = {}
    if not os.path.exists(path):
        return rows
    with open(path) as f:
        for rec in csv.reader(f):
            if len(rec) == 8:
                rows[rec[3].lower().replace('0x', '')] = rec
    return rows

# --- libreswan pluto log ------------------------------------------------------------

PLUTO_RE = re.compile(r'^\w{3} [ \d]\d \d\d:\d\d:\d\d\.\d+: (?P<dbg>\| ?)?(?P<msg>.*)$')


def hexdump_bytes(lines, start, n):
    """Collect n bytes from pluto hex dump lines ('|   4e 1e 93 55  ed 6a ...   ascii')."""
    out = []
    i = start
    while len(out) < n and i < len(lines):
        m = PLUTO_RE.match(lines[i])
        if not m or not m.group('dbg') or not re.match(r'^\s+[0-9a-f]{2} ', m.group('msg')):
            break
        toks = m.group('msg').split()
        take = min(16, n - len(out))
        for t in toks[:take]:
            if not re.match(r'^[0-9a-f]{2}$', t):
                break
            out.append(t)
        i += 1
    return ''.join(out), i


def parse_pluto(path):
    with open(path, errors='replace') as f:
        lines = [l.rstrip('\n') for l in f]
    res = {'ike': [], 'sk_p': {}, 'esp': [], 'keymat': {}, 'events': [], 'evidence': []}
    keep = set()
    enc_len = auth_len = None
    pending = {}
    started = False
    for i, raw in enumerate(lines):
        m = PLUTO_RE.match(raw)
        if not m:
            continue
        msg, dbg = m.group('msg'), bool(m.group('dbg'))
        if not dbg:
            if 'initiating IKEv2' in msg:
                started = True
            if started and msg.strip() and not res['events'][-1:] == ['STOP']:
                res['events'].append(raw)
                keep.add(i)
                if msg.startswith('Pluto is shutting down'):
                    res['events'].append('STOP')
            continue
        if not started:
            continue
        mm = re.match(r'^ikev2 ([IR]) 0x([0-9a-f]{16}) 0x([0-9a-f]{16}) (\w+):0x([0-9a-f]+) (\w+):0x([0-9a-f]+)$', msg)
        if mm:
            res['ike'].append({'role': mm.group(1), 'spii': mm.group(2), 'spir': mm.group(3),
                               'integ': mm.group(4), 'integ_key': mm.group(5),
                               'encr': mm.group(6), 'encr_key': mm.group(7)})
            keep.add(i)
            continue
        mm = re.match(r'^chunk_(SK_p[ir]) extracted len (\d+) bytes', msg)
        if mm and i + 1 < len(lines) and lines[i + 1].endswith('| unwrapped:'):
            key, end = hexdump_bytes(lines, i + 2, int(mm.group(2)))
            res['sk_p'][mm.group(1)] = key
            keep.update(range(i, end))
            continue
        mm = re.match(r'^kernel: st->st_esp\.keymat_len=(\d+) is encrypt_keymat_size=(\d+) \+ integ_keymat_size=(\d+)', msg)
        if mm:
            enc_len, auth_len = int(mm.group(2)), int(mm.group(3))
            keep.add(i)
            continue
        mm = re.match(r'^(our  keymat|peer keymat)$', msg)
        if mm:
            km_len = None
            for j in range(i - 1, max(i - 200, 0), -1):
                k = re.search(r'keymat_len=(\d+)', lines[j])
                if k:
                    km_len = int(k.group(1))
                    break
            if km_len:
                key, end = hexdump_bytes(lines, i + 1, km_len)
                res['keymat'][mm.group(1).replace('  ', ' ')] = key
                keep.update(range(i, end))
            continue
        mm = re.match(r'^ESP (enckey|authkey):$', msg)
        if mm:
            n = enc_len if mm.group(1) == 'enckey' else auth_len
            key, end = hexdump_bytes(lines, i + 1, n or 0) if n else ('', i + 1)
            pending[mm.group(1)] = key
            keep.update(range(i, end))
            continue
        mm = re.match(r'^kernel: add_sa\(\) level=\d+ (inbound|outbound) (\S+) \S*?->([0-9a-f.:]+)\[([0-9a-f]+)\]==>([0-9a-f.:]+)\S* '
                      r'replay_window=(\d+) (.*)$', msg)
        if mm:
            res['esp'].append({'dir': mm.group(1), 'mode': mm.group(2), 'src': mm.group(3),
                               'spi': mm.group(4), 'dst': mm.group(5), 'replay_window': mm.group(6),
                               'algs': mm.group(7), 'enc_key': pending.get('enckey', ''),
                               'auth_key': pending.get('authkey', '')})
            pending = {}
            keep.add(i)
            continue
        if re.search(r'remote accepted the proposal|accepting remote ESP/AH proposal|calculating skeyseed|'
                     r'keymat_len=|install_ipsec_sa\(\) for|netlink_add_sa\(\)|ikev2 parent inR1|'
                     r'parent state #\d+:|child state #\d+:|sending \d+ bytes for|'
                     r'processing decrypted|received .* message|Message ID:', msg):
            keep.add(i)
    res['evidence'] = [lines[i] for i in sorted(keep)]
    return res

# --- main ----------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--scenario', required=True)
    ap.add_argument('--work', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--uml-init-log')
    args = ap.parse_args()
    w, out = args.work, args.out
    peer = open(os.path.join(w, 'peer-b')).read().strip()
    problems = []
    facts, keys_txt = [], []

    def readfirst(name):
        p = os.path.join(w, name)
        return open(p).read().strip().splitlines()[0] if os.path.exists(p) else '?'

    kernel = readfirst('kernel-version')
    facts += ['', '## UML guest and capture point', '',
              '- ESP is done by the kernel XFRM of a User-Mode Linux guest (kernel %s, Debian package '
              'user-mode-linux), started by tests/lab/uml/run-uml-lab.sh; strongSwan uses kernel-netlink '
              '(no kernel-libipsec), so ESP is plain IP protocol 50 unless the scenario forces UDP '
              'encapsulation.' % kernel,
              '- Node b is %s.' % ('libreswan pluto (%s), started from the unpacked Debian package in '
                                   '/opt/libreswan' % ' '.join(readfirst('libreswan-version').split()[:2])
                                   if peer == 'libreswan' else 'strongSwan charon, like a'),
              '- The capture is taken in namespace lab-w on bridge port wire-a (the link between a and '
              'the bridge), so it holds exactly what crossed the wire: no decapsulated copies of inbound '
              'tunnel-mode packets, which a capture on veth-a would show.']

    # kernel SAs, both namespaces
    xa = parse_xfrm(os.path.join(w, 'a', 'xfrm.log'))
    xb = parse_xfrm(os.path.join(w, 'b', 'xfrm.log'))
    spis = list(dict.fromkeys(list(xa) + list(xb)))
    esp_rows = read_esp_sa(os.path.join(out, 'esp_sa'))
    added_rows = []
    facts += ['', '## Kernel ESP SAs (ip -s xfrm state in the UML guest)', '',
              'From keys/xfrm-state-a.txt and keys/xfrm-state-b.txt (snapshots after each step, '
              'taken before the SAs were deleted). "out"/"in" is the namespace that sends/receives '
              'with the SA; counters are from its last snapshot.', '',
              '| SPI | src -> dst | mode | kernel algorithms | flags | replay window (in) | '
              'packets/bytes | keys vs esp_sa/keys.txt |',
              '|-----|-----------|------|-------------------|-------|--------------------|'
              '---------------|--------------------------|']
    keys_txt += ['', '# Kernel ESP SAs: ip -s xfrm state inside the UML guest '
                 '(keys/xfrm-state-a.txt, keys/xfrm-state-b.txt)']
    for spi in spis:
        views = [(s, x[spi]) for s, x in (('a', xa), ('b', xb)) if spi in x]
        ref = views[0][1]
        for s, v in views[1:]:
            if kernel_keys(v) != kernel_keys(ref) or kernel_algs(v) != kernel_algs(ref):
                problems.append('kernel SA %s: namespaces a and b hold different keys/algorithms' % spi)
        ek, ik = kernel_keys(ref)
        row = esp_rows.get(spi)
        if row:
            rek = row[5].lower().replace('0x', '')
            rik = row[7].lower().replace('0x', '')
            if (rek, rik) == (ek, ik) and row[1] == ref['src'] and row[2] == ref['dst']:
                check = 'esp_sa row matches'
            else:
                check = 'MISMATCH with esp_sa'
                problems.append('kernel SA %s: keys/addresses differ from esp_sa' % spi)
        else:
            enc_n, auth_n = ws_names(ref)
            if enc_n and auth_n:
                fam = 'IPv6' if ':' in ref['src'] else 'IPv4'
                added_rows.append('"%s","%s","%s","0x%s","%s","%s","%s","%s"' % (
                    fam, ref['src'], ref['dst'], spi, enc_n, ('0x' + ek) if ek else '',
                    auth_n, ('0x' + ik) if ik else ''))
                check = 'not in charon log (zero-length key): esp_sa row written from the kernel state'
            else:
                check = 'no Wireshark 4.0 name: keys in keys.txt only'
        # the SA is inbound in the namespace that owns its destination address
        counters = []
        rw = '-'
        for s, v in views:
            role = 'in' if v['dst'] == OWN_ADDR.get(s) else 'out'
            if role == 'in':
                rw = str(v['replay_window'])
            counters.append('%s %s: %d/%d' % (s, role, v['packets'], v['bytes']))
        facts.append('| 0x%s | %s -> %s | %s | %s | %s | %s | %s | %s |' % (
            spi, ref['src'], ref['dst'], ref['mode'], kernel_algs(ref), ref['flags'] or '-',
            rw, ', '.join(counters), check))
        keys_txt.append('xfrm spi=0x%s src=%s dst=%s mode=%s algs="%s" flags="%s" enc_key=%s integ_key=%s '
                        'namespaces=%s' % (spi, ref['src'], ref['dst'], ref['mode'], kernel_algs(ref),
                                           ref['flags'], ek or '-', ik or '-',
                                           ','.join(s for s, _ in views)))
    if added_rows:
        with open(os.path.join(out, 'esp_sa'), 'a') as f:
            f.write('\n'.join(added_rows) + '\n')
    notes = []
    if any(x['esn'] for x in list(xa.values()) + list(xb.values())):
        notes.append('Extended sequence numbers are on (flag esn). Wireshark 4.0 has no ESN setting: '
                     'it decrypts the ESP payload with esp_sa but computes the ICV without the implicit '
                     'high-order 32 sequence bits (RFC 4303 section 2.2.1), so every ICV shows as bad.')
    if any(x['aead'] and x['aead'][0].startswith('rfc4543') for x in xa.values()):
        notes.append('ENCR_NULL_AUTH_AES_GMAC (RFC 4543, kernel rfc4543(gcm(aes))): the payload is not '
                     'encrypted; after the 8-byte IV comes the plain inner packet, then a 16-byte ICV '
                     'over the whole ESP packet. Wireshark 4.0 has no name for it in esp_sa; key (16 '
                     'bytes AES key + 4 bytes salt) in keys.txt.')
    if any(x['aead'] and 'chacha20' in x['aead'][0] for x in xa.values()):
        notes.append('ChaCha20-Poly1305 (RFC 7634, kernel rfc7539esp(chacha20,poly1305)): Wireshark 4.0 '
                     'has no name for it in esp_sa; key (32 bytes + 4 bytes salt) in keys.txt.')
    if any(x['enc'] and x['enc'][0] == 'ecb(cipher_null)' for x in xa.values()):
        notes.append('NULL encryption (RFC 2410): the ESP payload is the plain inner packet + padding + '
                     'pad length + next header, then the HMAC-SHA2-256-128 ICV. charon logs no '
                     'encryption key for NULL (hence lab-extract.py\'s "has no key dump" warnings above), '
                     'so the esp_sa rows come from the kernel state.')
    if any(x['mode'] == 'transport' for x in xa.values()):
        notes.append('Transport mode: the ESP header follows the outer IPv4 header directly and the '
                     'payload is the ICMP message (next header 1), no inner IP header.')
    if notes:
        facts += ['', 'Notes:', ''] + ['- ' + n for n in notes]

    # libreswan side
    if peer == 'libreswan':
        p = parse_pluto(os.path.join(w, 'b', 'pluto.log'))
        with open(os.path.join(out, 'keys', 'pluto-b.log'), 'w') as f:
            f.write('\n'.join(p['evidence']) + '\n')
        cb = os.path.join(out, 'keys', 'charon-b.log')
        if os.path.exists(cb) and os.path.getsize(cb) <= 1:
            os.remove(cb)
        ike_rows = []
        if os.path.exists(os.path.join(out, 'ikev2_decryption_table')):
            with open(os.path.join(out, 'ikev2_decryption_table')) as f:
                ike_rows = [l.strip().split(',') for l in f if l.strip()]
        facts += ['', '## libreswan (node b): events and keys from its log', '',
                  'pluto ran with plutodebug="base crypt private"; keys/pluto-b.log holds the lines '
                  'that matter (events, the `ikev2 I/R` key lines, SK_pi/SK_pr dumps, ESP keymat and '
                  'the per-SA `ESP enckey/authkey` dumps with `add_sa()`). libreswan 4.10 keeps SK_d '
                  'inside NSS and never prints it; SK_ei/SK_er/SK_ai/SK_ar are printed on the `ikev2 '
                  'I`/`ikev2 R` lines once the IKE SA is established.', '',
                  'pluto events (not debug lines):', '']
        facts += ['- ' + re.sub(r'^\w{3} [ \d]\d ', '', e) for e in p['events'] if e != 'STOP']
        facts += ['', 'Key cross-check, libreswan log against the charon log of a '
                  '(ikev2_decryption_table, esp_sa) and the kernel SAs:', '']
        keys_txt += ['', '# libreswan (node b) keys from keys/pluto-b.log']
        for k in p['ike']:
            keys_txt.append('pluto ikev2 %s spi_i=%s spi_r=%s %s=%s %s=%s' % (
                k['role'], k['spii'], k['spir'], k['integ'], k['integ_key'], k['encr'], k['encr_key']))
            row = [r for r in ike_rows if r[0] == k['spii'] and r[1] == k['spir']]
            if not row:
                facts.append('- IKE SA %s/%s (%s keys): no row in ikev2_decryption_table' % (
                    k['spii'], k['spir'], k['role']))
                problems.append('libreswan IKE SA %s not in ikev2_decryption_table' % k['spii'])
                continue
            r = row[0]
            ek, ik = (r[2], r[5]) if k['role'] == 'I' else (r[3], r[6])
            ok = ek == k['encr_key'] and ik == k['integ_key']
            facts.append('- IKE SA SPIi %s SPIr %s: libreswan SK_e%s/SK_a%s %s charon\'s' % (
                k['spii'], k['spir'], k['role'].lower(), k['role'].lower(),
                'equal' if ok else 'DIFFER from'))
            if not ok:
                problems.append('libreswan and charon disagree on SK_%s keys' % k['role'].lower())
        kt = open(os.path.join(out, 'keys.txt')).read()
        for lab, key in sorted(p['sk_p'].items()):
            keys_txt.append('pluto %s=%s' % (lab, key))
            ok = ('%s=%s' % (lab.upper(), key)) in kt
            facts.append('- %s: libreswan %s charon\'s' % (lab, 'equals' if ok else 'DIFFERS from'))
            if not ok:
                problems.append('libreswan and charon disagree on %s' % lab)
        all_xfrm = dict(xb)
        for e in p['esp']:
            keys_txt.append('pluto esp %s spi=0x%s src=%s dst=%s mode=%s %s enc_key=%s integ_key=%s' % (
                e['dir'], e['spi'], e['src'], e['dst'], e['mode'], e['algs'], e['enc_key'] or '-',
                e['auth_key'] or '-'))
            row = esp_rows.get(e['spi'])
            kx = all_xfrm.get(e['spi'])
            ok_row = row is not None and row[5].lower().replace('0x', '') == e['enc_key'] and \
                row[7].lower().replace('0x', '') == e['auth_key']
            ok_k = kx is not None and kernel_keys(kx) == (e['enc_key'], e['auth_key'])
            facts.append('- ESP SPI 0x%s (%s for libreswan, %s -> %s): libreswan keys %s esp_sa (charon), '
                         '%s the kernel SA in lab-b' % (
                             e['spi'], e['dir'], e['src'], e['dst'], 'equal' if ok_row else 'DIFFER from',
                             'equal' if ok_k else 'DIFFER from'))
            if not (ok_row and ok_k):
                problems.append('libreswan ESP SPI %s keys differ' % e['spi'])
        for lab, key in p['keymat'].items():
            keys_txt.append('pluto %s=%s' % (lab.replace(' ', '_'), key))

    if problems:
        facts += ['', '## UML extraction warnings', ''] + ['- ' + x for x in problems]
    with open(os.path.join(out, 'facts.md'), 'a') as f:
        f.write('\n'.join(facts) + '\n')
    with open(os.path.join(out, 'keys.txt'), 'a') as f:
        f.write('\n'.join(keys_txt) + '\n')
    fm = os.path.join(out, 'facts.md')
    t = open(fm).read()
    t = t.replace('## Steps driven by run-lab.sh', '## Steps driven by tests/lab/uml/uml-lab.sh (in the UML guest)')
    if peer == 'libreswan':
        t = t.replace('see keys/charon-a.log (responder, lab-a) and keys/charon-b.log (initiator, lab-b).',
                      'see keys/charon-a.log (responder, lab-a). Node b (initiator) is libreswan, whose '
                      'log lab-extract.py does not read: the exchange table below is empty and the '
                      'libreswan side is in the sections at the end (keys/pluto-b.log).')
    open(fm, 'w').write(t)
    if args.uml_init_log and os.path.exists(args.uml_init_log):
        with open(args.uml_init_log) as src, open(os.path.join(out, 'keys', 'uml-init.log'), 'w') as dst:
            dst.write(src.read())
    for x in problems:
        print('uml-extract: WARNING: %s' % x, file=sys.stderr)


if __name__ == '__main__':
    main()
