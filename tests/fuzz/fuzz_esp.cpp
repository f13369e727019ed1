// libFuzzer target: ESP decryption (core/esp/) with fixed keys of real captures, the SA
// table, the sequence analysis and the NULL heuristic.
//
// Input: one selector octet, then an ESP packet from the SPI on. Selector bits:
//   0     which fixed SA: the AES-CBC + HMAC-SHA2-256 SA of test-captures/esp-aescbc-sha256
//         or the AES-GCM-16 SA of test-captures/esp-aesgcm (their esp_sa files)
//   1     re-MAC (CBC only): write the right ICV over the mutated packet first, so the
//         fuzzer gets past the integrity check into the decryption and the trailer
//   2     extended sequence numbers on
// The same packet then goes through an EspDecryptor with both SAs in its key store (SPI
// and addresses as in the captures, so the lookup, the sequence tracker and the decryption
// all run), and through guess_null_esp.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "crypto/mac.hpp"
#include "fuzz_util.hpp"
#include "esp/esp_cipher.hpp"
#include "esp/esp_decryptor.hpp"
#include "esp/null_heuristic.hpp"
#include "keys/key_store.hpp"

using namespace ikev2;

namespace {

using fuzz_util::hex;

struct Config {
    uint32_t spi;
    uint16_t encr, bits, integ;
    const char *encr_key, *integ_key;
};

const Config kConfigs[2] = {
    {0xcbd6ab87, 12, 128, 12, "7c74aeabe3a6e2af68bd56e2658f404e",
     "4b6b464b8603de3de0bda13bc0e70701f0ceeaf7b5d537c7d399f14c8c1d682e"},
    {0xc01f5e1d, 20, 128, 0, "6e63f37f5683bc303d17382cdbce8f9dcc5cc620", ""},
};
const uint8_t kSrc[4] = {192, 0, 2, 2}, kDst[4] = {192, 0, 2, 1};

struct State {
    std::unique_ptr<esp::EspCipher> cipher[2][2];  // [config][esn]
    crypto::Mac mac;                                // config 0's integrity key, for re-MAC
    keys::KeyStore store[2], derived;               // [esn]
    State() {
        for (int c = 0; c < 2; c++) {
            const auto ek = hex(kConfigs[c].encr_key), ik = hex(kConfigs[c].integ_key);
            for (int e = 0; e < 2; e++) {
                crypto::Transforms t;
                t.encr_id = kConfigs[c].encr, t.encr_key_bits = kConfigs[c].bits;
                t.integ_id = kConfigs[c].integ, t.esn = e;
                esp::EspCipher::create(t, ByteView(ek.data(), ek.size()), ByteView(ik.data(), ik.size()),
                                       cipher[c][e]);
                keys::EspSaKeys k;
                k.spi = kConfigs[c].spi;
                k.encr_id = t.encr_id, k.encr_key_bits = t.encr_key_bits, k.integ_id = t.integ_id;
                k.encr_key = ek, k.integ_key = ik, k.esn = e;
                store[e].add_esp(std::move(k));
            }
        }
        const auto ik = hex(kConfigs[0].integ_key);
        mac.open(crypto::MacAlgo::HmacSha256, ByteView(ik.data(), ik.size()));
    }
};

uint8_t* alloc(size_t n, void* ctx) {
    auto* v = static_cast<std::vector<uint8_t>*>(ctx);
    v->assign(n, 0);
    return v->data();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static State st;
    if (size < 1) return 0;
    const uint8_t sel = data[0];
    std::vector<uint8_t> packet(data + 1, data + size);
    const int c = sel & 1, esn = (sel >> 2) & 1;
    if ((sel & 2) && c == 0 && packet.size() >= 16 && !esn)
        st.mac.compute(ByteView(packet.data(), packet.size() - 16), packet.data() + packet.size() - 16, 16);
    const ByteView p(packet.data(), packet.size());

    std::vector<uint8_t> out(packet.size() + 1);
    if (st.cipher[c][esn]) {
        const esp::EspResult r = st.cipher[c][esn]->decrypt(p, 0, out.data());
        // Whatever the outcome, the spans must lie inside the packet.
        if (r.iv.end() > p.size || r.encrypted.end() > p.size || r.icv.end() > p.size) __builtin_trap();
        if (r.ok() && r.payload_len + r.pad_length + 2u != r.plain_len) __builtin_trap();
    }

    std::vector<uint8_t> buf;
    esp::EspDecryptor d;
    for (int i = 0; i < 2; i++) {  // twice: the second packet takes the cached SA
        const esp::EspOutcome o = d.process(st.store[esn], st.derived, p, ByteView(kSrc, 4),
                                            ByteView(kDst, 4), static_cast<uint32_t>(i + 1), alloc, &buf);
        if (o.kind == esp::EspOutcome::Kind::Done && o.result.ok() && o.sa_id)
            d.decrypt_again(o.sa_id, p, o.esn, static_cast<uint32_t>(o.seq.seq >> 32), buf.data());
        if (o.sa_id) d.keys_text(o.sa_id, st.store[esn], st.derived);
    }
    d.summaries();

    esp::NullGuess g;
    if (esp::guess_null_esp(p, ByteView(kSrc, 4), ByteView(kDst, 4), g) &&
        8u + g.payload_len + g.pad_length + 2u + g.icv_size != p.size)
        __builtin_trap();
    return 0;
}
