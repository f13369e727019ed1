#!/usr/bin/env python3
"""Write a carrier-scale IKEv2 capture: N IKE SAs (default 100,000) of N clients with one
gateway, and the keys that decrypt it in the formats a user would have.

Per IKE SA, six frames (RFC 7296 1.2, 2.17):
  IKE_SA_INIT request   SA (one IKE proposal), KE, Ni, N(NAT_DETECTION_SOURCE_IP),
                        N(NAT_DETECTION_DESTINATION_IP)
  IKE_SA_INIT response  SA (the chosen proposal), KE, Nr, the two NAT detection notifies
  IKE_AUTH request      SK {IDi, N(INITIAL_CONTACT), IDr, AUTH, SA (ESP, the initiator's
                        SPI), TSi, TSr}
  IKE_AUTH response     SK {IDr, AUTH, SA (ESP, the responder's SPI), TSi, TSr}
  ESP client->gateway   tunnel mode, the CHILD_SA's first packet: an ICMP echo request
  ESP gateway->client   the echo reply
Clients are 100.64.0.0/10 addresses (inner address 10.x.y.z), the gateway 198.51.100.1,
IKE on UDP 500, ESP as IP protocol 50.

Keys: SKEYSEED = prf(Ni | Nr, g^ir) and SK_d, SK_ai, SK_ar, SK_ei, SK_er, SK_pi, SK_pr =
prf+(SKEYSEED, Ni | Nr | SPIi | SPIr) (RFC 7296 2.14), the CHILD_SA's ESP keys KEYMAT =
prf+(SK_d, Ni | Nr) (2.17), AUTH with a pre-shared key (2.15): the keys of each IKE SA
fit its nonces and SPIs as a daemon's would. The Diffie-Hellman values are made up
(ECP-256 sized KE payloads, a random g^ir): no peer would accept them, and no dissector
can tell.

Suites (--ike, --esp): IKE AES-CBC-128 + HMAC-SHA2-256-128 (default) or AES-GCM-16-128,
PRF HMAC-SHA2-256, group 19; ESP AES-GCM-16-128 (default) or AES-CBC-128 +
HMAC-SHA2-256-128. The SAs come in rounds of --concurrent (default 100): the IKE_SA_INIT
requests of 100 SAs, then their responses, their IKE_AUTH requests, ..., so 100 exchanges
are open at a time. Everything is derived from --seed: the same command writes the same
bytes, and with --sas K (K a multiple of --concurrent) the capture and the key files are
the first frames and lines of those for a larger N.

Files written to --out (default build-bench/carrier), named after the SA count:
  carrier-<N>.pcap
  carrier-<N>.ikev2_decryption_table   Wireshark's IKEv2 UAT (packet-isakmp.c 4.0 columns)
  carrier-<N>.esp_sa                   Wireshark's ESP UAT (packet-ipsec.c 4.0 columns)
  carrier-<N>.keys                     the plugin's native lines: one `ikev2` line per IKE
                                       SA (SK_d, SK_pi, SK_pr, algorithms) and one `esp`
                                       line per ESP SA, the same keys as the two tables
  carrier-<N>.ike-sk_d.keys            the `ikev2` lines alone: ESP keys come from SK_d
  carrier-<N>.json                     what was written (frame numbers of each kind)

Usage: make_carrier_capture.py [--sas N] [--out DIR] [--seed S] [--ike cbc|gcm]
                               [--esp gcm|cbc] [--concurrent W]
Standard library and Debian's python3-cryptography only.
"""
import argparse
import hashlib
import hmac
import json
import os
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "tshark"))
from make_esp_captures import ALGORITHMS as ESP_ALGORITHMS, PcapWriter, Sa, derive, \
    icmp_echo, ipv4  # noqa: E402  (the ESP layer and the pcap writer of the ESP benchmark)
from parity_zoo import chain, notify, proposal, sa, ts, ts4  # noqa: E402  (payload layouts)

try:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
except ImportError:
    sys.exit("make_carrier_capture.py needs the Python `cryptography` module "
             "(Debian 12: apt-get install python3-cryptography)")

GATEWAY = bytes((198, 51, 100, 1))  # RFC 5737 TEST-NET-2
SERVER = bytes((192, 0, 2, 10))     # what the clients ping through the tunnel
PSK = b"carrier benchmark pre-shared key"
GATEWAY_ID = b"vpn.carrier.example"
MAC_CLIENT_SIDE = bytes.fromhex("020000000001")
MAC_GATEWAY_SIDE = bytes.fromhex("020000000002")

# IKEv2 transform IDs (RFC 7296 3.3.2, IANA "IKEv2 Parameters").
ENCR, PRF, INTEG, DH, ESN = 1, 2, 3, 4, 5
ENCR_AES_CBC, ENCR_AES_GCM_16 = 12, 20
PRF_HMAC_SHA2_256, AUTH_HMAC_SHA2_256_128, ECP_256 = 5, 12, 19
# Payload types (3.2), exchange types (3.1), notify types (3.10.1), ID types (3.5).
SA_, KE, IDI, IDR, AUTH, NONCE, N, TSI, TSR, SK = 33, 34, 35, 36, 39, 40, 41, 44, 45, 46
IKE_SA_INIT, IKE_AUTH = 34, 35
NAT_DETECTION_SOURCE_IP, NAT_DETECTION_DESTINATION_IP, INITIAL_CONTACT = 16388, 16389, 16384
ID_IPV4_ADDR, ID_FQDN = 1, 2

# Per suite: the transforms of the proposal, what the key files call it, key lengths.
IKE_SUITES = {
    "cbc": {"transforms": [(ENCR, ENCR_AES_CBC, 128), (PRF, PRF_HMAC_SHA2_256),
                           (INTEG, AUTH_HMAC_SHA2_256_128), (DH, ECP_256)],
            "sk_e": 16, "sk_a": 32, "iv": 16, "icv": 16, "block": 16,
            "table_encr": "AES-CBC-128 [RFC3602]", "table_integ": "HMAC_SHA2_256_128 [RFC4868]",
            "native": "encr=AES_CBC_128 integ=HMAC_SHA2_256_128 prf=PRF_HMAC_SHA2_256"},
    # RFC 5282: SK_e = 16-octet key | 4-octet salt, 8-octet IV, no integrity transform.
    "gcm": {"transforms": [(ENCR, ENCR_AES_GCM_16, 128), (PRF, PRF_HMAC_SHA2_256),
                           (DH, ECP_256)],
            "sk_e": 20, "sk_a": 0, "iv": 8, "icv": 16, "block": 1,
            "table_encr": "AES-GCM-128 with 16 octet ICV [RFC5282]",
            "table_integ": "NONE [RFC4306]",
            "native": "encr=AES_GCM_16_128 integ=NONE prf=PRF_HMAC_SHA2_256"},
}
ESP_SUITES = {
    "gcm": {"transforms": [(ENCR, ENCR_AES_GCM_16, 128), (ESN, 0)], "alg": "gcm",
            "native": "encr=AES_GCM_16_128"},
    "cbc": {"transforms": [(ENCR, ENCR_AES_CBC, 128), (INTEG, AUTH_HMAC_SHA2_256_128), (ESN, 0)],
            "alg": "cbc-sha256", "native": "encr=AES_CBC_128 integ=HMAC_SHA2_256_128"},
}
SK_D_LEN = SK_P_LEN = 32  # PRF_HMAC_SHA2_256 key size (RFC 7296 2.14: the PRF's preferred key size)


def prf(key, data):
    return hmac.digest(key, data, "sha256")


def prf_plus(key, seed, n):
    """RFC 7296 2.13: T1 | T2 | ..., Tk = prf(K, Tk-1 | S | k)."""
    out, t, k = b"", b"", 1
    while len(out) < n:
        t = prf(key, t + seed + bytes((k,)))
        out += t
        k += 1
    return out[:n]


def header(spi_i, spi_r, first, exchange, flags, mid, length):
    """RFC 7296 3.1: the IKE header, version 2.0."""
    return spi_i + spi_r + struct.pack("!BBBBII", first, 0x20, exchange, flags, mid, length)


def client_address(i):
    """100.64.0.0/10 (RFC 6598), one address per IKE SA."""
    n = i + 1
    return bytes((100, 64 + (n >> 16), n >> 8 & 0xFF, n & 0xFF))


def inner_address(i):
    n = i + 1
    return bytes((10, n >> 16 & 0xFF, n >> 8 & 0xFF, n & 0xFF))


def dotted(a):
    return ".".join(map(str, a))


class IkeSa:
    """One client's IKE SA and CHILD_SA: SPIs, nonces, keys, and its six frames."""

    def __init__(self, seed, i, ike, esp, spis):
        self.i = i
        self.seed = seed
        self.ike = IKE_SUITES[ike]
        self.esp = ESP_SUITES[esp]
        self.client = client_address(i)
        d = lambda what, n: derive(seed, "carrier", i, what, n=n)  # noqa: E731
        self.spi_i = self.unique(spis, lambda k: d("spi_i %d" % k, 8))
        self.spi_r = self.unique(spis, lambda k: d("spi_r %d" % k, 8))
        self.ni, self.nr = d("ni", 32), d("nr", 32)
        self.ke_i, self.ke_r = d("ke_i", 64), d("ke_r", 64)
        self.iv_seed = d("iv", 8)
        # RFC 7296 2.14.
        skeyseed = prf(self.ni + self.nr, d("g^ir", 32))
        e, a = self.ike["sk_e"], self.ike["sk_a"]
        keymat = prf_plus(skeyseed, self.ni + self.nr + self.spi_i + self.spi_r,
                          SK_D_LEN + 2 * a + 2 * e + 2 * SK_P_LEN)
        parts = []
        for n in (SK_D_LEN, a, a, e, e, SK_P_LEN, SK_P_LEN):
            parts.append(keymat[:n])
            keymat = keymat[n:]
        self.sk_d, self.sk_ai, self.sk_ar, self.sk_ei, self.sk_er, self.sk_pi, self.sk_pr = parts
        # The CHILD_SA (2.17): ESP SPIs, and KEYMAT = prf+(SK_d, Ni | Nr) taken initiator ->
        # responder first, encryption key (GCM: with its salt) before integrity key.
        self.esp_spi_i = self.esp_spi(spis, d, "esp_spi_i")  # inbound at the client
        self.esp_spi_r = self.esp_spi(spis, d, "esp_spi_r")  # inbound at the gateway
        ep = ESP_ALGORITHMS[self.esp["alg"]]
        child = prf_plus(self.sk_d, self.ni + self.nr, 2 * (ep["encr_key"] + ep["auth_key"]))
        ek, ak = ep["encr_key"], ep["auth_key"]
        iv_seed = int.from_bytes(self.iv_seed, "big")
        # Packets to the responder carry the SPI the responder chose.
        self.esp_out = Sa.with_keys(self.esp["alg"], self.esp_spi_r, self.client, GATEWAY,
                                    child[:ek], child[ek:ek + ak], iv_seed)
        child = child[ek + ak:]
        self.esp_in = Sa.with_keys(self.esp["alg"], self.esp_spi_i, GATEWAY, self.client,
                                   child[:ek], child[ek:ek + ak], iv_seed + 1)

    @staticmethod
    def unique(seen, make):
        k = 0
        while True:
            v = make(k)
            if v not in seen and any(v):
                seen.add(v)
                return v
            k += 1

    def esp_spi(self, seen, d, what):
        """A 4-octet ESP SPI >= 256 (RFC 4303 2.1), unique in the capture."""
        def make(k):
            v = d("%s %d" % (what, k), 4)
            return v if int.from_bytes(v, "big") >= 256 else bytes(4)
        return int.from_bytes(self.unique(seen, make), "big")

    # -- messages ------------------------------------------------------------------------

    def nat_hash(self, spi_r, address):
        """RFC 7296 2.23: SHA-1(SPIi | SPIr | IP | port)."""
        return hashlib.sha1(self.spi_i + spi_r + address + struct.pack("!H", 500)).digest()

    def clear(self, spi_r, flags, payloads):
        first, body = chain(payloads)
        return header(self.spi_i, spi_r, first, IKE_SA_INIT, flags, 0, 28 + len(body)) + body

    def sa_init(self):
        prop = sa(proposal(1, 1, b"", self.ike["transforms"], last=True))
        zero = bytes(8)
        self.init_req = self.clear(zero, 0x08, [
            (SA_, prop), (KE, struct.pack("!HH", ECP_256, 0) + self.ke_i), (NONCE, self.ni),
            notify(NAT_DETECTION_SOURCE_IP, self.nat_hash(zero, self.client)),
            notify(NAT_DETECTION_DESTINATION_IP, self.nat_hash(zero, GATEWAY))])
        self.init_resp = self.clear(self.spi_r, 0x20, [
            (SA_, prop), (KE, struct.pack("!HH", ECP_256, 0) + self.ke_r), (NONCE, self.nr),
            notify(NAT_DETECTION_SOURCE_IP, self.nat_hash(self.spi_r, GATEWAY)),
            notify(NAT_DETECTION_DESTINATION_IP, self.nat_hash(self.spi_r, self.client))])
        return self.init_req, self.init_resp

    def auth_payload(self, initiator, id_body):
        """RFC 7296 2.15: AUTH = prf(prf(PSK, "Key Pad for IKEv2"), <SignedOctets>), where
        the initiator signs its IKE_SA_INIT request | Nr | prf(SK_pi, IDi body) and the
        responder its response | Ni | prf(SK_pr, IDr body). Method 2: shared key MIC."""
        if initiator:
            octets = self.init_req + self.nr + prf(self.sk_pi, id_body)
        else:
            octets = self.init_resp + self.ni + prf(self.sk_pr, id_body)
        return (AUTH, struct.pack("!B3x", 2) + prf(prf(PSK, b"Key Pad for IKEv2"), octets))

    def child_sa(self, spi):
        return (SA_, sa(proposal(1, 3, struct.pack("!I", spi), self.esp["transforms"],
                                 last=True)))

    def selectors(self):
        any4 = ts4(0, 0, 65535, (0, 0, 0, 0), (255, 255, 255, 255))
        inner = tuple(inner_address(self.i))
        return [(TSI, ts([ts4(0, 0, 65535, inner, inner)])), (TSR, ts([any4]))]

    def encrypted(self, flags, payloads):
        """RFC 7296 3.14 (CBC + HMAC) or RFC 5282 (GCM): SK = IV | E(payloads | Padding |
        Pad Length) | ICV, in an IKE_AUTH message with message ID 1."""
        initiator = bool(flags & 0x08)
        sk_e, sk_a = (self.sk_ei, self.sk_ai) if initiator else (self.sk_er, self.sk_ar)
        p = self.ike
        first, inner = chain(payloads)
        pad = -(len(inner) + 1) % p["block"]
        plain = inner + bytes(pad) + bytes((pad,))
        iv = derive(self.seed, "carrier", self.i, "sk iv", initiator, n=p["iv"])
        sk_len = 4 + p["iv"] + len(plain) + p["icv"]
        head = (header(self.spi_i, self.spi_r, SK, IKE_AUTH, flags, 1, 28 + sk_len)
                + struct.pack("!BBH", first, 0, sk_len))
        if p["sk_a"]:
            enc = Cipher(algorithms.AES(sk_e), modes.CBC(iv)).encryptor()
            msg = head + iv + enc.update(plain) + enc.finalize()
            return msg + hmac.digest(sk_a, msg, "sha256")[:p["icv"]]
        # RFC 5282 5.1: nonce = salt | IV; AAD = the IKE header and the SK payload header.
        return head + iv + AESGCM(sk_e[:16]).encrypt(sk_e[16:] + iv, plain, head)

    def ike_auth(self):
        idi = struct.pack("!B3x", ID_IPV4_ADDR) + self.client
        idr = struct.pack("!B3x", ID_FQDN) + GATEWAY_ID
        req = self.encrypted(0x08, [
            (IDI, idi), notify(INITIAL_CONTACT), (IDR, idr), self.auth_payload(True, idi),
            self.child_sa(self.esp_spi_i), *self.selectors()])
        resp = self.encrypted(0x20, [
            (IDR, idr), self.auth_payload(False, idr), self.child_sa(self.esp_spi_r),
            *self.selectors()])
        return req, resp

    def esp_packets(self):
        """The CHILD_SA's first packet each way: tunnel mode, an echo request and reply
        between the client's inner address and SERVER."""
        inner = inner_address(self.i)
        data = bytes(range(56))
        ident = self.i & 0xFFFF
        req = ipv4(inner, SERVER, 1, ident, icmp_echo(False, ident, 1, data))
        rep = ipv4(SERVER, inner, 1, ident, icmp_echo(True, ident, 1, data))
        return self.esp_out.protect(req, 4), self.esp_in.protect(rep, 4)

    # -- key lines -----------------------------------------------------------------------

    def table_row(self):
        """Wireshark 4.0 ikev2_decryption_table: SPIi,SPIr,SK_ei,SK_er,"encr",SK_ai,SK_ar,"integ"."""
        return ",".join([self.spi_i.hex(), self.spi_r.hex(), self.sk_ei.hex(), self.sk_er.hex(),
                         '"%s"' % self.ike["table_encr"], self.sk_ai.hex(), self.sk_ar.hex(),
                         '"%s"' % self.ike["table_integ"]])

    def native_ike_line(self):
        words = ["ikev2", "spi_i=" + self.spi_i.hex(), "spi_r=" + self.spi_r.hex(),
                 "sk_ei=" + self.sk_ei.hex(), "sk_er=" + self.sk_er.hex()]
        if self.sk_ai:
            words += ["sk_ai=" + self.sk_ai.hex(), "sk_ar=" + self.sk_ar.hex()]
        words += ["sk_d=" + self.sk_d.hex(), "sk_pi=" + self.sk_pi.hex(),
                  "sk_pr=" + self.sk_pr.hex(), self.ike["native"]]
        return " ".join(words)

    def native_esp_lines(self):
        out = []
        for s in (self.esp_out, self.esp_in):
            words = ["esp", "spi=0x%08x" % s.spi, "src=" + dotted(s.outer_src),
                     "dst=" + dotted(s.outer_dst), self.esp["native"], "key=" + s.encr_key.hex()]
            if s.auth_key:
                words.append("auth_key=" + s.auth_key.hex())
            out.append(" ".join(words))
        return out


def udp_frame(from_client, client, payload):
    """Ethernet / IPv4 (DF) / UDP 500 -> 500, UDP checksum 0 (not computed)."""
    src, dst = (client, GATEWAY) if from_client else (GATEWAY, client)
    udp = struct.pack("!HHHH", 500, 500, 8 + len(payload), 0) + payload
    return eth(from_client, ipv4(src, dst, 17, 0, udp))


def eth(from_client, packet):
    macs = (MAC_GATEWAY_SIDE + MAC_CLIENT_SIDE if from_client
            else MAC_CLIENT_SIDE + MAC_GATEWAY_SIDE)
    return macs + b"\x08\x00" + packet


def write(out, n_sas, seed, ike, esp, concurrent):
    base = os.path.join(out, "carrier-%d" % n_sas)
    spis = set()
    w = PcapWriter(base + ".pcap")
    frames = 0
    kinds = {"ike_sa_init": [], "ike_auth": [], "esp": []}
    with open(base + ".ikev2_decryption_table", "w") as table, \
            open(base + ".esp_sa", "w") as esp_sa, \
            open(base + ".keys", "w") as native, \
            open(base + ".ike-sk_d.keys", "w") as skd:
        note = ("written by tools/bench/make_carrier_capture.py --sas %d --seed %s --ike %s "
                "--esp %s" % (n_sas, seed, ike, esp))
        # Wireshark's UAT files take '#' comment lines; so does the plugin's reader.
        for f in (table, esp_sa, native, skd):
            f.write("# %s\n" % note)
        for first in range(0, n_sas, concurrent):
            group = [IkeSa(seed, i, ike, esp, spis)
                     for i in range(first, min(first + concurrent, n_sas))]
            rounds = [[], [], [], [], [], []]
            for s in group:
                init = s.sa_init()
                auth = s.ike_auth()
                e_out, e_in = s.esp_packets()
                rounds[0].append(("ike_sa_init", udp_frame(True, s.client, init[0])))
                rounds[1].append(("ike_sa_init", udp_frame(False, s.client, init[1])))
                rounds[2].append(("ike_auth", udp_frame(True, s.client, auth[0])))
                rounds[3].append(("ike_auth", udp_frame(False, s.client, auth[1])))
                rounds[4].append(("esp", eth(True, ipv4(s.client, GATEWAY, 50, 0, e_out))))
                rounds[5].append(("esp", eth(False, ipv4(GATEWAY, s.client, 50, 0, e_in))))
                table.write(s.table_row() + "\n")
                for sa_ in (s.esp_out, s.esp_in):
                    esp_sa.write(sa_.esp_sa_row() + "\n")
                native.write(s.native_ike_line() + "\n")
                for line in s.native_esp_lines():
                    native.write(line + "\n")
                skd.write(s.native_ike_line() + "\n")
            for r in rounds:
                for kind, frame in r:
                    w.write(frames * 5, frame)  # 100 us apart
                    frames += 1
                    kinds[kind].append(frames)
    w.close()
    info = {"sas": n_sas, "seed": seed, "ike": ike, "esp": esp, "concurrent": concurrent,
            "frames": frames, "capture": os.path.basename(base) + ".pcap",
            "ikev2_decryption_table": os.path.basename(base) + ".ikev2_decryption_table",
            "esp_sa": os.path.basename(base) + ".esp_sa",
            "native_keys": os.path.basename(base) + ".keys",
            "native_ike_sk_d_keys": os.path.basename(base) + ".ike-sk_d.keys",
            # Frame numbers as ranges would be shorter; the lists let a checker compare
            # exactly which frames decrypted.
            "ike_sa_init_frames": len(kinds["ike_sa_init"]),
            "ike_auth_frames": kinds["ike_auth"], "esp_frames": kinds["esp"]}
    with open(base + ".json", "w") as f:
        json.dump(info, f)
        f.write("\n")
    return base


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sas", type=int, default=100000, help="IKE SAs (default 100000)")
    ap.add_argument("--out", default=os.path.join("build-bench", "carrier"),
                    help="output folder (default build-bench/carrier)")
    ap.add_argument("--seed", default="1", help="seed of SPIs, nonces and keys (default 1)")
    ap.add_argument("--ike", choices=sorted(IKE_SUITES), default="cbc",
                    help="IKE SA cipher: cbc (AES-CBC-128 + HMAC-SHA2-256-128, default) or "
                         "gcm (AES-GCM-16-128)")
    ap.add_argument("--esp", choices=sorted(ESP_SUITES), default="gcm",
                    help="CHILD_SA cipher: gcm (AES-GCM-16-128, default) or cbc "
                         "(AES-CBC-128 + HMAC-SHA2-256-128)")
    ap.add_argument("--concurrent", type=int, default=100,
                    help="IKE SAs set up side by side (default 100)")
    args = ap.parse_args()
    if args.sas < 1 or args.sas > (1 << 22) - 1:
        ap.error("--sas must be between 1 and 4,194,303 (client addresses in 100.64.0.0/10)")
    if args.concurrent < 1:
        ap.error("--concurrent must be positive")
    os.makedirs(args.out, exist_ok=True)
    t0 = time.time()
    base = write(args.out, args.sas, args.seed, args.ike, args.esp, args.concurrent)
    print("wrote %s.{pcap,ikev2_decryption_table,esp_sa,keys,ike-sk_d.keys,json} (%d IKE SAs, "
          "%.1f s)" % (base, args.sas, time.time() - t0))


if __name__ == "__main__":
    main()
