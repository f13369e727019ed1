// Microbenchmark of the core's ESP decryption against raw libgcrypt on the same buffers
// (issue 5: "the core decryptor >= 0.8x raw libgcrypt throughput"). Not a test: it
// prints figures. Build and run:
//
//   cmake --build build --target esp_microbench && build/tools/bench/esp_microbench
//
// For each algorithm it encrypts N packets of one size with libgcrypt, then times
//   raw      libgcrypt alone: the calls a minimal ESP decryptor must make per packet
//            (cipher reset, IV / nonce, AAD, decrypt, tag check; or HMAC then CBC)
//   cipher   EspCipher::decrypt (core/esp/esp_cipher.hpp) into one reused buffer
//   table    EspDecryptor::process (SA lookup by SPI and addresses, sequence analysis,
//            plaintext buffer from a bump allocator), with 1 SA and with 5000 SAs
// and prints MB/s and the ratio to raw. The best of several rounds is kept.
#include <gcrypt.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "esp/esp_cipher.hpp"
#include "esp/esp_decryptor.hpp"
#include "keys/key_store.hpp"

using namespace ikev2;

namespace {

constexpr size_t kPackets = 20000;
constexpr size_t kPayload = 1400;  // ESP packet size, about
constexpr int kRounds = 5;

struct Suite {
    const char* name;
    uint16_t encr_id, encr_bits, integ_id;
    int gcry_cipher, gcry_mode, gcry_mac;  // gcry_mac 0: AEAD
    size_t key, salt, iv, icv, integ_key;
};

const Suite kSuites[] = {
    {"AES-128-GCM-16", 20, 128, 0, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_GCM, 0, 16, 4, 8, 16, 0},
    {"AES-128-CBC + HMAC-SHA2-256-128", 12, 128, 12, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_CBC,
     GCRY_MAC_HMAC_SHA256, 16, 0, 16, 16, 32},
    {"NULL + HMAC-SHA2-256-128", 11, 0, 12, 0, 0, GCRY_MAC_HMAC_SHA256, 0, 0, 0, 16, 32},
};

struct Packet {
    std::vector<uint8_t> bytes;
    uint8_t src[4], dst[4];
};

void put32(uint8_t* p, uint32_t v) {
    p[0] = uint8_t(v >> 24), p[1] = uint8_t(v >> 16), p[2] = uint8_t(v >> 8), p[3] = uint8_t(v);
}

// Encrypts one ESP packet with libgcrypt: SPI | seq | IV | E(payload | pad | 2 | 4) | ICV.
std::vector<uint8_t> make_packet(const Suite& s, const std::vector<uint8_t>& ek,
                                 const std::vector<uint8_t>& ik, uint32_t spi, uint32_t seq) {
    const size_t block = s.gcry_mode == GCRY_CIPHER_MODE_CBC ? 16 : 4;
    size_t body = kPayload - 8 - s.iv - s.icv;
    body -= body % block;
    std::vector<uint8_t> p(8 + s.iv + body + s.icv);
    put32(p.data(), spi);
    put32(p.data() + 4, seq);
    for (size_t i = 0; i < s.iv; i++) p[8 + i] = uint8_t(seq * 7 + i);
    uint8_t* plain = p.data() + 8 + s.iv;
    const size_t pad = 2;
    for (size_t i = 0; i < body - pad - 2; i++) plain[i] = uint8_t(i);
    plain[body - pad - 2] = 1, plain[body - pad - 1] = 2;
    plain[body - 2] = pad, plain[body - 1] = 4;
    if (s.gcry_cipher) {
        gcry_cipher_hd_t c;
        gcry_cipher_open(&c, s.gcry_cipher, s.gcry_mode, 0);
        gcry_cipher_setkey(c, ek.data(), s.key);
        if (s.gcry_mode == GCRY_CIPHER_MODE_GCM) {
            uint8_t nonce[12];
            std::memcpy(nonce, ek.data() + s.key, 4);
            std::memcpy(nonce + 4, p.data() + 8, 8);
            gcry_cipher_setiv(c, nonce, 12);
            gcry_cipher_authenticate(c, p.data(), 8);
            gcry_cipher_encrypt(c, plain, body, nullptr, 0);
            gcry_cipher_gettag(c, p.data() + 8 + s.iv + body, s.icv);
        } else {
            gcry_cipher_setiv(c, p.data() + 8, s.iv);
            gcry_cipher_encrypt(c, plain, body, nullptr, 0);
        }
        gcry_cipher_close(c);
    }
    if (s.gcry_mac) {
        gcry_mac_hd_t m;
        gcry_mac_open(&m, s.gcry_mac, 0, nullptr);
        gcry_mac_setkey(m, ik.data(), ik.size());
        gcry_mac_write(m, p.data(), 8 + s.iv + body);
        uint8_t full[32];
        size_t n = sizeof full;
        gcry_mac_read(m, full, &n);
        std::memcpy(p.data() + 8 + s.iv + body, full, s.icv);
        gcry_mac_close(m);
    }
    return p;
}

double seconds_of(const std::chrono::steady_clock::time_point& t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

template <class F>
double best_of(F&& f) {
    double best = 1e9;
    for (int r = 0; r < kRounds; r++) {
        auto t0 = std::chrono::steady_clock::now();
        if (!f()) {
            std::fprintf(stderr, "a decryption failed\n");
            std::exit(1);
        }
        best = std::min(best, seconds_of(t0));
    }
    return best;
}

struct Arena {
    std::vector<uint8_t> buf;
    size_t used = 0;
    static uint8_t* alloc(size_t n, void* ctx) {
        auto* a = static_cast<Arena*>(ctx);
        if (a->used + n > a->buf.size()) a->used = 0;  // reuse: the figures are not kept
        uint8_t* p = a->buf.data() + a->used;
        a->used += n;
        return p;
    }
};

void run_suite(const Suite& s) {
    // Keys for up to 5000 SAs; SA i uses SPI 0x1000 + i and addresses 10.0.i/256.i%256.
    const size_t kSas = 5000;
    std::vector<std::vector<uint8_t>> ek(kSas), ik(kSas);
    for (size_t i = 0; i < kSas; i++) {
        ek[i].resize(s.key + s.salt);
        ik[i].resize(s.integ_key);
        gcry_randomize(ek[i].data(), ek[i].size(), GCRY_WEAK_RANDOM);
        gcry_randomize(ik[i].data(), ik[i].size(), GCRY_WEAK_RANDOM);
    }
    auto sa_of = [&](size_t n, size_t sas) { return sas == 1 ? 0 : n % sas; };
    auto build = [&](size_t sas) {
        std::vector<Packet> v(kPackets);
        for (size_t n = 0; n < kPackets; n++) {
            const size_t i = sa_of(n, sas);
            v[n].bytes = make_packet(s, ek[i], ik[i], uint32_t(0x1000 + i), uint32_t(n / sas + 1));
            const uint8_t src[4] = {10, 0, uint8_t(i >> 8), uint8_t(i)}, dst[4] = {10, 1, uint8_t(i >> 8), uint8_t(i)};
            std::memcpy(v[n].src, src, 4);
            std::memcpy(v[n].dst, dst, 4);
        }
        return v;
    };
    const std::vector<Packet> one = build(1), many = build(kSas);
    const double mb = double(kPackets) * double(one[0].bytes.size()) / 1e6;
    std::vector<uint8_t> out(4096);

    // raw libgcrypt, one SA, handles opened once.
    gcry_cipher_hd_t c = nullptr;
    gcry_mac_hd_t m = nullptr;
    if (s.gcry_cipher) {
        gcry_cipher_open(&c, s.gcry_cipher, s.gcry_mode, 0);
        gcry_cipher_setkey(c, ek[0].data(), s.key);
    }
    if (s.gcry_mac) {
        gcry_mac_open(&m, s.gcry_mac, 0, nullptr);
        gcry_mac_setkey(m, ik[0].data(), ik[0].size());
    }
    const double raw = best_of([&] {
        for (const Packet& pk : one) {
            const uint8_t* p = pk.bytes.data();
            const size_t len = pk.bytes.size(), body = len - 8 - s.iv - s.icv;
            if (s.gcry_mac) {
                uint8_t full[32];
                size_t n = sizeof full;
                gcry_mac_reset(m);
                gcry_mac_write(m, p, len - s.icv);
                gcry_mac_read(m, full, &n);
                if (std::memcmp(full, p + len - s.icv, s.icv) != 0) return false;
            }
            if (!s.gcry_cipher) continue;
            gcry_cipher_reset(c);
            if (s.gcry_mode == GCRY_CIPHER_MODE_GCM) {
                uint8_t nonce[12];
                std::memcpy(nonce, ek[0].data() + s.key, 4);
                std::memcpy(nonce + 4, p + 8, 8);
                gcry_cipher_setiv(c, nonce, 12);
                gcry_cipher_authenticate(c, p, 8);
                gcry_cipher_decrypt(c, out.data(), body, p + 8 + s.iv, body);
                if (gcry_cipher_checktag(c, p + len - s.icv, s.icv) != 0) return false;
            } else {
                gcry_cipher_setiv(c, p + 8, s.iv);
                gcry_cipher_decrypt(c, out.data(), body, p + 8 + s.iv, body);
            }
        }
        return true;
    });
    if (c) gcry_cipher_close(c);
    if (m) gcry_mac_close(m);

    // EspCipher, one SA.
    crypto::Transforms t;
    t.encr_id = s.encr_id, t.encr_key_bits = s.encr_bits, t.integ_id = s.integ_id;
    std::unique_ptr<esp::EspCipher> ec;
    if (esp::EspCipher::create(t, ByteView(ek[0].data(), ek[0].size()), ByteView(ik[0].data(), ik[0].size()), ec) !=
        crypto::Status::Ok) {
        std::fprintf(stderr, "%s: EspCipher::create failed\n", s.name);
        std::exit(1);
    }
    const double cipher = best_of([&] {
        for (const Packet& pk : one)
            if (!ec->decrypt(ByteView(pk.bytes.data(), pk.bytes.size()), 0, out.data()).ok()) return false;
        return true;
    });

    // EspDecryptor with a key store, 1 and 5000 SAs.
    auto table_run = [&](const std::vector<Packet>& pkts, size_t sas) {
        keys::KeyStore store, derived;
        for (size_t i = 0; i < sas; i++) {
            keys::EspSaKeys k;
            k.spi = uint32_t(0x1000 + i);
            k.encr_id = s.encr_id, k.encr_key_bits = s.encr_bits, k.integ_id = s.integ_id;
            k.encr_key = ek[i], k.integ_key = ik[i];
            store.add_esp(std::move(k));
        }
        Arena arena;
        arena.buf.resize(1 << 24);
        return best_of([&] {
            esp::EspDecryptor d;  // a fresh capture each round: SA entries and ciphers built again
            for (size_t n = 0; n < pkts.size(); n++) {
                const Packet& pk = pkts[n];
                esp::EspOutcome o = d.process(store, derived, ByteView(pk.bytes.data(), pk.bytes.size()),
                                              ByteView(pk.src, 4), ByteView(pk.dst, 4), uint32_t(n + 1),
                                              Arena::alloc, &arena);
                if (!o.result.ok()) return false;
            }
            return true;
        });
    };
    const double table1 = table_run(one, 1), table5000 = table_run(many, kSas);

    std::printf("%-34s raw %7.0f MB/s | EspCipher %7.0f MB/s (%.2fx) | EspDecryptor 1 SA %7.0f MB/s (%.2fx), 5000 SAs %7.0f MB/s (%.2fx)\n",
                s.name, mb / raw, mb / cipher, raw / cipher, mb / table1, raw / table1, mb / table5000,
                raw / table5000);
}

}  // namespace

int main() {
    if (!gcry_check_version(GCRYPT_VERSION)) return 1;
    gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
    std::printf("%zu packets of about %zu octets, best of %d rounds; ratio = core throughput / raw libgcrypt\n",
                kPackets, kPayload, kRounds);
    for (const Suite& s : kSuites) run_suite(s);
    return 0;
}
