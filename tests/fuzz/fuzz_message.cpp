// libFuzzer target: IKE message parsing (core/message.hpp) and everything the glue runs
// on a parsed message without Wireshark: summaries, SA learning, SK layout.
//
// Input: an IKE message from its first octet. The same bytes are also parsed as a bare
// payload chain whose first type is the first octet (the path a decrypted SK plaintext or
// a reassembled SKF message takes).
#include <cstddef>
#include <cstdint>
#include <memory>

#include "message.hpp"
#include "ike_sa.hpp"
#include "summary.hpp"

using namespace ikev2;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static std::unique_ptr<IkeSaTable> sas;
    if (!sas || sas->size() > 4096) sas = std::make_unique<IkeSaTable>();  // keep the state small
    const ByteView in(data, size);
    std::vector<Payload> payloads;
    Issues issues;
    parse_payload_chain(in.from(1), in[0], payloads, issues);
    (void)payloads_summary(payloads, size > 1 && (data[1] & 1));

    Message m = parse_message(in);
    (void)header_summary(m.header);
    (void)payloads_summary(m.payloads, m.header.response());
    for (const Payload& p : m.payloads) (void)payload_label(p, m.header.response());
    if (!m.header_ok) return 0;
    IkeSa* sa = sas->find_or_create(m.header, Endpoint{}, Endpoint{}, 1, 0, nullptr);
    if (!sa) return 0;
    learn_ike_sa_init(*sa, m, in, 1);
    if (sa->selected.learned_in) {
        for (const Payload& p : m.payloads) {
            EncryptedLayout l;
            const crypto::Transforms& a = sa->selected.transforms;
            if (const auto* sk = std::get_if<SkBody>(&p.content)) split_encrypted(a, sk->encrypted, l);
            if (const auto* f = std::get_if<SkfBody>(&p.content)) split_encrypted(a, f->encrypted, l);
        }
    }
    return 0;
}
