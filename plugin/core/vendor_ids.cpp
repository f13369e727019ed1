// Known Vendor ID payload contents, with the vendor named.
//
// A Vendor ID is opaque: most vendors send the MD5 of a product string, some send ASCII,
// several append a version or flags to a fixed start. So each row is either exact (the
// payload must be exactly these bytes) or a prefix (the payload starts with them), and the
// lookup takes the longest row that matches, an exact row winning a tie. Vendors that
// append data get both a prefix row and, where known, exact rows for specific versions.
//
// Only byte strings read from one of these sources are listed (abbreviations used below):
//   WS    Wireshark 4.0 epan/dissectors/packet-isakmp.c, table vendor_id[] (read out of
//         Debian's libwireshark16 4.0.17 build)
//   IKS   ike-scan 1.9.5, file ike-vendor-ids (Roy Hills' list, Debian package ike-scan)
//   LSW   libreswan programs/pluto/vendor.c, table vid_tab[]
//   NMAP  nmap 7.93, nselib/data/ike-fingerprints.lua (Debian package nmap-common)
// "MD5 checked" means the bytes were also recomputed as the MD5 of the string named.
// Rows are written in hex as those tools print them and are turned into bytes at compile
// time, so the table reads like its sources and costs nothing at run time.
#include "vendor_ids.hpp"

#include <cstring>

namespace ikev2 {
namespace {

struct Row {
    const char* hex;
    bool prefix;
    const char* name;
};

constexpr Row kRows[] = {
    // ---- IETF drafts and RFCs: NAT-T, DPD, XAUTH, heartbeats, challenge/response.
    // Source unless noted: WS, IKS.
    {"2d7922c6b301d9b0e1342739e9cfbbd5", false, "DWR: Delete with reason"},  // WS
    {"afcad71368a1f1c96b8696fc7757", true, "Dead Peer Detection (RFC 3706, other version)"},  // IKS
    {"486561727442656174204e6f74696679", true, "HeartBeat Notify"},  // IKS (ASCII)
    {"ba290499c24e84e53a1d83a05e5f00c9", false, "IKE Challenge/Response for Authenticated Cryptographic Keys"},
    {"ad3251042cdc4652c9e0734ce5de4c7d", false, "IKE Challenge/Response for Authenticated Cryptographic Keys (Revised)"},
    {"13f11823f966fa91900f024ba66a86ba", false, "IKE Challenge/Response for Authenticated Cryptographic Keys (Revised) (hash with a trailing newline)"},  // IKS; MD5 of the title plus newline, checked (WS has it shifted by a byte)
    {"0d33611a5d521b5e3c9c03d2fc107e12", false, "IKE Challenge/Response for Authenticated Cryptographic Keys (hash with a trailing newline)"},
    {"810fa565f8ab14369105d706fbd57279", false, "NAT-T \"RFC XXXX\" (Solaris 10)"},  // IKS, LSW; MD5 checked
    {"c40fee00d5d39ddb1fc762e09b7cfea7", false, "NAT-T \"Testing NAT-T RFC\""},  // WS
    {"6a7434c19d7e36348090a02334c9c805", false, "NAT-T draft-huttunen-ipsec-esp-in-udp-00.txt"},
    {"50760f624c63e5c53eea386c685ca083", false, "NAT-T draft-huttunen-ipsec-esp-in-udp-01.txt (ESPThruNAT)"},
    {"4df37928e9fc4fd1b3262170d515c662", false, "NAT-T draft-ietf-ipsec-nat-t-ike (also Apple racoon)"},  // WS
    {"4485152d18b6bbcd0be8a8469579ddcc", false, "NAT-T draft-ietf-ipsec-nat-t-ike-00"},
    {"16f6ca16e4a4066d83821a0f0aeaa862", false, "NAT-T draft-ietf-ipsec-nat-t-ike-01"},
    {"cd60464335df21f87cfdb2fc68b6a448", false, "NAT-T draft-ietf-ipsec-nat-t-ike-02"},
    {"90cb80913ebb696e086381b5ec427b1f", false, "NAT-T draft-ietf-ipsec-nat-t-ike-02 (hash with a trailing newline)"},
    {"7d9419a65310ca6f2c179d9215529d56", false, "NAT-T draft-ietf-ipsec-nat-t-ike-03"},
    {"9909b64eed937c6573de52ace952fa6b", false, "NAT-T draft-ietf-ipsec-nat-t-ike-04"},
    {"80d0bb3def54565ee84645d4c85ce3ee", false, "NAT-T draft-ietf-ipsec-nat-t-ike-05"},
    {"4d1e0e136deafa34c4f3ea9f02ec7285", false, "NAT-T draft-ietf-ipsec-nat-t-ike-06"},
    {"439b59f8ba676c4c7737ae22eab8f582", false, "NAT-T draft-ietf-ipsec-nat-t-ike-07"},
    {"8f8d83826d246b6fc7a8a6a428c11de8", false, "NAT-T draft-ietf-ipsec-nat-t-ike-08"},
    {"42ea5b6f898d9773a575df26e7dd19e1", false, "NAT-T draft-ietf-ipsec-nat-t-ike-09"},
    {"27bab5dc01ea0760ea4e3190ac27c0d0", false, "NAT-T draft-stenberg-ipsec-nat-traversal-01"},
    {"6105c422e76847e43f9684801292aecd", false, "NAT-T draft-stenberg-ipsec-nat-traversal-02"},
    {"afcad71368a1f1c96b8696fc77570100", false, "RFC 3706 DPD (Dead Peer Detection)"},  // WS
    {"4a131c81070358455c5728f20e95452f", false, "RFC 3947 NAT-T"},  // WS
    {"09002689dfd6b712", true, "XAUTH"},  // WS, IKS, LSW
    {"09002689dfd6b71280a224dec33b81e5", false, "XAUTH (draft-ietf-ipsra-isakmp-xauth-06)"},  // WS; MD5("draft-ietf-ipsra-isakmp-xauth-06.txt") per LSW, checked
    {"8db7a41811221660", true, "draft-ietf-ipsec-heartbeats-00"},
    {"325df29a2319f2dd", true, "draft-krywaniuk-ipsec-antireplay-00"},

    // ---- strongSwan: MD5("strongSwan") since 4.3.6, MD5("strongSwan <version>") before
    // (every versioned row was recomputed and checked).
    // Source unless noted: IKS.
    {"882fe56d6fd20dbc2251613b2ebe5beb", false, "strongSwan"},  // WS
    {"85b6cbec480d5c8cd9882c825ac2c244", false, "strongSwan 2.2.0"},
    {"d9118b1e9de5efced9cc9d883f2168ff", false, "strongSwan 2.2.1"},
    {"99dc7cc823376b3b33d04357896ae07b", false, "strongSwan 2.2.2"},
    {"b8f92b2fa2d3fe5fe158344bda1cc6ae", false, "strongSwan 2.3.0"},
    {"f697c1afcc2ec8ddcdf99dc7af03a67f", false, "strongSwan 2.3.1"},
    {"42a4834c92ab9a7777063afa254bcb69", false, "strongSwan 2.3.2"},
    {"e829c88149bab3c0cee85da60e18ae9b", false, "strongSwan 2.4.0"},
    {"75b0653cb281eb26d31ede38c8e1e228", false, "strongSwan 2.4.1"},
    {"e7a3fd0c6d771a8f1b8a86a4169c9ea4", false, "strongSwan 2.4.2"},
    {"982b7a063a33c143a8eadc88249f6bcc", false, "strongSwan 2.4.3"},
    {"485a70361b4433b31dea1c6be0df243e", false, "strongSwan 2.4.4"},
    {"9eb3d907ed7ada4e3cbcacb917abc8e4", false, "strongSwan 2.5.0"},
    {"9a4a4648f60f8eda7cfcbfe271ee5b7d", false, "strongSwan 2.5.1"},
    {"861ce5eb72164b190e9e629a31cf4901", false, "strongSwan 2.5.2"},
    {"df5b1f0f1d5679d9f8512b16c55a6065", false, "strongSwan 2.5.3"},
    {"7a6bf5b7df89642a75a78ef7d657c1c0", false, "strongSwan 2.5.4"},
    {"3f267ed621ada7ee6c7d8893ccb0b14b", false, "strongSwan 2.5.5"},
    {"3c5eba3d8564928e32ae43c3d9924dee", false, "strongSwan 2.5.6"},
    {"1f4442296b83d7e33a8b45209ba0e590", false, "strongSwan 2.5.7"},
    {"3f3266499ffdbd85950e702298062844", false, "strongSwan 2.6.0"},
    {"66afbc12bbfe6ce108b1f69f4bc917b7", false, "strongSwan 2.6.1"},
    {"5b1cd6fe7d050eda6c93871c107db3d2", false, "strongSwan 2.6.2"},
    {"b2860e7837f711bef3d0eeb106872ded", false, "strongSwan 2.6.3"},
    {"b927f95219a0fe3600dba3c1182ae55f", false, "strongSwan 2.6.4"},
    {"07fa128e4754f9447b1dd46374eef360", false, "strongSwan 2.7.0"},
    {"8134878582121785ba65ea345d6ba724", false, "strongSwan 2.7.1"},
    {"a194e2aaddd0bafb95253dd96dc733eb", false, "strongSwan 2.7.2"},
    {"7f50cc4ebf04c2d9da73abfd69b77aa2", false, "strongSwan 2.7.3"},
    {"32f0e9b9c06dfe8c9ad5599a636971a1", false, "strongSwan 2.8.0"},
    {"e37f2d5ba89a62cd202ee27dac06c8a8", false, "strongSwan 2.8.1"},
    {"299932277b7dfe382ce23465333a7d23", false, "strongSwan 2.8.2"},
    {"fb4641ad0eeb2a34491d15f4eff51063", false, "strongSwan 2.8.3"},
    {"76c72bfd398424dd001b86d0012fe061", false, "strongSwan 2.8.4"},
    {"4c7efa31b39e510432a317570d97bbb9", false, "strongSwan 2.8.5"},
    {"fe3f49706e26a9fb36a87bfce9ea36ce", false, "strongSwan 2.8.6"},
    {"3a0d4e7ca4e492ed4dfe476d1ac6018b", false, "strongSwan 2.8.7"},
    {"8c4a3bcb729b11f703d22a5b39640ca8", false, "strongSwan 2.8.8"},
    {"0e9e820524932da199a498953afa8a7e", false, "strongSwan 2.8.9"},
    {"2ce9c946a4c879bf11b50b76cc5692cb", false, "strongSwan 4.0.0"},
    {"9dbbafcf1db0dd595ae065294003ad3e", false, "strongSwan 4.0.1"},
    {"77e8eea6f556a499de3ffe7f7f95661c", false, "strongSwan 4.0.2"},
    {"b181b18e114fc209b3c6e26c3a80718e", false, "strongSwan 4.0.3"},
    {"1ef283f83549b5ff9608b6d634f84d75", false, "strongSwan 4.0.4"},
    {"dd180d21e5ce655a768ba32211dd8ad9", false, "strongSwan 4.0.5"},
    {"4c90136946577b51919d8d9a6b8e4a9f", false, "strongSwan 4.0.6"},
    {"ab0746221cc8fd0d5238f73a9b3da557", false, "strongSwan 4.0.7"},
    {"4794cef6843422980d1a3d06af41c5cd", false, "strongSwan 4.1.0"},
    {"d3f1c488c368175d5f40a8f5ca5f5e12", false, "strongSwan 4.1.1"},
    {"15a1ace7ee52fddfef04f928db2dd134", false, "strongSwan 4.1.2"},
    {"5849ab6d8beabd6e4d09e5a3b88c089a", false, "strongSwan 4.1.3"},
    {"312f9cb1a6b90e19de7528c904ac3087", false, "strongSwan 4.1.4"},
    {"bf0fbf7306ebb7827042d893539886e2", false, "strongSwan 4.1.5"},
    {"d19683368af4b0edc21ccde982b1d1b0", false, "strongSwan 4.1.6"},
    {"ea840aa4dfc9712d6c32b5a16eb329a3", false, "strongSwan 4.1.7"},
    {"66a2045507c119da78a4666259cdea48", false, "strongSwan 4.1.8"},
    {"78fdd287def01a3f074b5369eab4fd1c", false, "strongSwan 4.1.9"},
    {"bf3a89ae5bef8e72d44dac8bb88d7d5f", false, "strongSwan 4.1.10"},
    {"b7bd9f2f978e3259a7aa9f7a1396ad6c", false, "strongSwan 4.1.11"},
    {"9f68901325a972894335302a9531ab9f", false, "strongSwan 4.2.0"},
    {"bab253f4cb10a8108a7c927c56c87886", false, "strongSwan 4.2.1"},
    {"2a517d0d23c37d08bce7c292a0217b39", false, "strongSwan 4.2.2"},
    {"2d1f406118fbd5d28474791ffa00488a", false, "strongSwan 4.2.3"},
    {"cd5792d4b70f0299a6a1373de236d2ac", false, "strongSwan 4.2.4"},
    {"af0a05e0bd37b0aba0135a194abb5b89", false, "strongSwan 4.2.5"},
    {"a2782dd683b5edee3b777f897d2b867e", false, "strongSwan 4.2.6"},
    {"4ddc7e1f6d6cd1ae9d5dcac58fa1fe9a", false, "strongSwan 4.2.7"},
    {"95569ee23ebb62eddedea353a575faf3", false, "strongSwan 4.2.8"},
    {"488c08f57afc382112f7cb396f2d4f6c", false, "strongSwan 4.2.9"},
    {"9deb74e751f44c47905ed2fad93f9271", false, "strongSwan 4.3.0"},
    {"20b1f62b240a52a849309183960cbb64", false, "strongSwan 4.3.1"},
    {"d6263956ac790961a9c8409b393724bf", false, "strongSwan 4.3.2"},
    {"f9f093629308b24388d09c3f026de0a8", false, "strongSwan 4.3.3"},
    {"e37e5d64a329a5cf1eeb8546c3b06018", false, "strongSwan 4.3.4"},
    {"de5c703801952d85f6b3ed33b33784b4", false, "strongSwan 4.3.5"},
    {"117c406d20a29f56f0dfcb03d9fa835b", false, "strongSwan 4.3.5rc1"},
    {"02d7c3a0698ec33bb126b2baa70b9c2c", false, "strongSwan 4.3.7"},
    {"a5ad81e15e1c68a1be277abfeee80d94", false, "strongSwan 4.4.0"},
    {"aaa2e272c58de8f96e72c4c21ba7dd99", false, "strongSwan 4.4.1"},
    {"eff89e6f406f55292807c3b8f925884a", false, "strongSwan 4.5.0"},
    {"efe12e8533bbcf4e978ec874935e9972", false, "strongSwan 4.5.1"},
    {"b149d6161fb4c7c3805beeff042d08c0", false, "strongSwan 4.5.2"},
    {"75244ad8a5a0f48e7e3b7ad79dcab153", false, "strongSwan 4.5.3"},
    {"41ef2e2f7ec8b923c98d9fa9bb7a04a5", false, "strongSwan 4.6.0"},
    {"1d6cfa4d69d9d33c0b2244bf99de9b8b", false, "strongSwan 4.6.1"},
    {"9c73b19f5f4181aa4b269dd004608811", false, "strongSwan 4.6.2"},
    {"984a7bfefb46489a5be74b64531c6753", false, "strongSwan 4.6.3"},
    {"a87680d00cbb939871eb680d18d052e2", false, "strongSwan 4.6.4"},
    {"e154b11a96ee2b44d4954843cd3a40a3", false, "strongSwan 5.0.0"},
    {"75aa8f69de2e44500dae842be21f5491", false, "strongSwan 5.0.1"},
    {"04d52cc5fd04aa971063b111917731d2", false, "strongSwan 5.0.2"},
    {"a5f8ce0d6751c640e55bc41784f2e081", false, "strongSwan 5.0.2dr4"},
    {"80b8f4380b18f24f03ce5745fc3db56b", false, "strongSwan 5.0.2rc1"},
    {"d398476a43b9d6c56c4045ffcc9fffb9", false, "strongSwan 5.0.3"},
    {"ca7d77d20794391df5a3cb90fbf5b72e", false, "strongSwan 5.0.3dr1"},
    {"7b3f3d21e4768e010fc7dd04ae369c61", false, "strongSwan 5.0.3dr2"},
    {"f4d68a2fb63e4390a959baa5c4bc7598", false, "strongSwan 5.0.3dr3"},
    {"f2d4de999721c37fea51d4bcbc060120", false, "strongSwan 5.0.3rc1"},
    {"dc3afcdda0514da394b4b36f4cb1b9a7", false, "strongSwan 5.0.4"},
    {"b7d8e62184049fb21b088d4232d2549c", false, "strongSwan 5.1.0"},
    {"22982eab040be7a4cb4177da312f2f1c", false, "strongSwan 5.1.0dr1"},
    {"e069a583c5640257a8de2cf062461a4b", false, "strongSwan 5.1.0dr2"},
    {"02c49867060173c665ebce2b8110c7f7", false, "strongSwan 5.1.0rc1"},
    {"9e10a0d4205edc6c90bd5381a53c2d2b", false, "strongSwan 5.1.1"},
    {"1a45d3bda55646016e998ac1c5590e59", false, "strongSwan 5.1.1dr1"},
    {"4f130d312ec92f50c02f2b0eb60d6ccc", false, "strongSwan 5.1.1dr2"},
    {"06f2f1b82256dce62c07cb4f71604035", false, "strongSwan 5.1.1dr3"},
    {"c90b020d043f1f050ba809e13dc8234e", false, "strongSwan 5.1.1dr4"},
    {"a55a90de781611f70cbbae7045a225fc", false, "strongSwan 5.1.1rc1"},

    // ---- Libreswan, Openswan, FreeS/WAN: "OE" + 10 bytes of a masked MD5 of the version
    // string (LSW init_vendorid); Openswan 2.6.40+ send "OSW", Libreswan 3.0-3.5 "OEN",
    // Libreswan 3.6+ "OE-Libreswan-" + version.
    // Source unless noted: IKS.
    {"4f45", true, "FreeS/WAN or Openswan"},  // LSW, IKS
    {"4f454e", true, "Libreswan 3.0 - 3.5"},  // LSW
    {"4f454e574547444b6865684a", false, "Libreswan 3.3 LDAP_V3"},
    {"4f454e5f52685050487b645e", false, "Libreswan 3.5"},
    {"4f454e756f6b706a71757d5c", false, "Libreswan 3.5 LDAP_V3"},
    {"4f452d4c696272657377616e2d", true, "Libreswan 3.6 or later"},  // LSW
    {"4f70706f7274756e6973746963204950736563", false, "Libreswan Opportunistic IPsec"},  // LSW (ASCII)
    {"494b457632", false, "Libreswan/Openswan CAN-IKEv2"},  // LSW (ASCII "IKEv2")
    {"4f454a734e486b4a4c656272", false, "Linux FreeS/WAN 0.5"},
    {"4f456c4f6b6251695c7c4674", false, "Linux FreeS/WAN 0.6"},
    {"4f4548604f7f426647775453", false, "Linux FreeS/WAN 0.7"},
    {"4f456462595d67595351445c", false, "Linux FreeS/WAN 0.7.1"},
    {"4f457c625363787f517e6544", false, "Linux FreeS/WAN 0.7.2"},
    {"4f4569517b587444694c4367", false, "Linux FreeS/WAN 0.8"},
    {"4f45776a7f6d5e7a415d6f7c", false, "Linux FreeS/WAN 0.8.1"},
    {"4f454f575c595a744a7d4f78", false, "Linux FreeS/WAN 0.8.2"},
    {"4f45676a5553715e794f4f48", false, "Linux FreeS/WAN 0.8.3"},
    {"4f45664250754b79577f5d55", false, "Linux FreeS/WAN 0.8.4"},
    {"4f45615f4d44507343785d7b", false, "Linux FreeS/WAN 0.8.5"},
    {"4f45494f5e4f746c57664157", false, "Linux FreeS/WAN 0.9"},
    {"4f45494654445c41425d6d7b", false, "Linux FreeS/WAN 0.9.1"},
    {"4f456171784e6b594a497058", false, "Linux FreeS/WAN 0.9.2"},
    {"4f45485e6175794375444950", false, "Linux FreeS/WAN 0.9.3"},
    {"4f4551604748445356727b74", false, "Linux FreeS/WAN 0.9.4"},
    {"4f4549557964647c42614440", false, "Linux FreeS/WAN 0.9.5"},
    {"4f4570695578777266796a56", false, "Linux FreeS/WAN 0.9.6"},
    {"4f457b4a767a6f716e48566c", false, "Linux FreeS/WAN 0.9.7"},
    {"4f455b71457d4f685c475d6c", false, "Linux FreeS/WAN 0.9.8"},
    {"4f455e4f4d58404f604d595c", false, "Linux FreeS/WAN 0.9.9"},
    {"4f45497d4f7e6e5d60525170", false, "Linux FreeS/WAN 0.9.10"},
    {"4f454b486274755358555140", false, "Linux FreeS/WAN 0.9.11"},
    {"4f45694146645c4d4362727b", false, "Linux FreeS/WAN 0.9.12"},
    {"4f45556c7d7671444b474c59", false, "Linux FreeS/WAN 0.9.13"},
    {"4f456640625376587d626277", false, "Linux FreeS/WAN 0.9.14"},
    {"4f454b796672767d437d5d5a", false, "Linux FreeS/WAN 0.9.15"},
    {"4f454f62767d78797d7f6579", false, "Linux FreeS/WAN 0.9.16"},
    {"4f45565b597d556e596e5e60", false, "Linux FreeS/WAN 0.9.17"},
    {"4f45637e47544c77644a5b76", false, "Linux FreeS/WAN 0.9.18"},
    {"4f45614d4873425c42727b63", false, "Linux FreeS/WAN 0.9.19"},
    {"4f455c6d6c497f764f44477b", false, "Linux FreeS/WAN 0.9.20"},
    {"4f4560624076527767787c56", false, "Linux FreeS/WAN 0.9.21"},
    {"4f4541687e4c507a405d5146", false, "Linux FreeS/WAN 0.9.22"},
    {"4f457841597142737f44787d", false, "Linux FreeS/WAN 0.9.23"},
    {"4f457145706b5560634e725f", false, "Linux FreeS/WAN 0.9.24"},
    {"4f454e5b60465a5a53656967", false, "Linux FreeS/WAN 0.9.25"},
    {"4f45677c575b4c7c6a4a7173", false, "Linux FreeS/WAN 0.9.26"},
    {"4f455f7f606c66424e616a60", false, "Linux FreeS/WAN 0.9.27"},
    {"4f454e6d545e534c4a626063", false, "Linux FreeS/WAN 0.9.28"},
    {"4f45765a4a6a51584653424e", false, "Linux FreeS/WAN 0.9.29"},
    {"4f45684e6772456542755d69", false, "Linux FreeS/WAN 0.9.30"},
    {"4f45764141405f577750567b", false, "Linux FreeS/WAN 0.9.31"},
    {"4f45546d5d704f49785e6467", false, "Linux FreeS/WAN 0.9.32"},
    {"4f45655d786b445b75484668", false, "Linux FreeS/WAN 0.9.33"},
    {"4f456547696d46657a4e5371", false, "Linux FreeS/WAN 0.9.34"},
    {"4f455b76646a646f79695451", false, "Linux FreeS/WAN 0.9.35"},
    {"4f454d596b6a6e5f56707e49", false, "Linux FreeS/WAN 0.9.36"},
    {"4f45757b6e79665a556c6546", false, "Linux FreeS/WAN 0.9.37"},
    {"4f455b6b636e606f5b42707b", false, "Linux FreeS/WAN 0.9.38"},
    {"4f45677e79657a56654f7145", false, "Linux FreeS/WAN 0.9.39"},
    {"4f456e504e735f4f67555d5f", false, "Linux FreeS/WAN 0.9.40"},
    {"4f457f685e7d4c5645785669", false, "Linux FreeS/WAN 1.0.0"},
    {"4f457176515f515f71526b56", false, "Linux FreeS/WAN 1.0.1"},
    {"4f45465d56636a5149725558", false, "Linux FreeS/WAN 1.0.2"},
    {"4f454644595a4f5c7a535445", false, "Linux FreeS/WAN 1.1.0"},
    {"4f456842537e5a5c71527547", false, "Linux FreeS/WAN 1.1.1"},
    {"4f457d5b4a707d736e7b5b6f", false, "Linux FreeS/WAN 1.1.2"},
    {"4f45646357714a755b4a5b72", false, "Linux FreeS/WAN 1.1.3"},
    {"4f454160444e745150604e47", false, "Linux FreeS/WAN 1.1.4"},
    {"4f4544547476647754795157", false, "Linux FreeS/WAN 1.1.5"},
    {"4f454b48657b616b494a4c77", false, "Linux FreeS/WAN 1.1.6"},
    {"4f45544e79737d4953437b43", false, "Linux FreeS/WAN 1.2.0"},
    {"4f454d524173695157515375", false, "Linux FreeS/WAN 1.2.1"},
    {"4f45465e5c62774e59774c4f", false, "Linux FreeS/WAN 1.2.2"},
    {"4f455a717b40607977577067", false, "Linux FreeS/WAN 1.3.0"},
    {"4f457d7c696569676a6f607c", false, "Linux FreeS/WAN 1.3.1"},
    {"4f457c6f70766b5a61546a51", false, "Linux FreeS/WAN 1.3.2"},
    {"4f457d5b527b6c54736d447d", false, "Linux FreeS/WAN 1.3.3"},
    {"4f454e746f4f53427579497d", false, "Linux FreeS/WAN 1.3.4"},
    {"4f45415262734d596d56516b", false, "Linux FreeS/WAN 1.3.5"},
    {"4f456248514f405942447c4e", false, "Linux FreeS/WAN 1.3.6"},
    {"4f45404063756a5d496a584f", false, "Linux FreeS/WAN 1.4.0"},
    {"4f455f526760425742497c65", false, "Linux FreeS/WAN 1.4.1"},
    {"4f456270434d5b6e6753776e", false, "Linux FreeS/WAN 1.4.2"},
    {"4f457a6d5b605b7d42405a67", false, "Linux FreeS/WAN 1.4.3"},
    {"4f457177674d6a63426e4d54", false, "Linux FreeS/WAN 1.4.4"},
    {"4f457d73435c6d5b6e777d59", false, "Linux FreeS/WAN 1.4.5"},
    {"4f45425261435763654e5269", false, "Linux FreeS/WAN 1.4.6"},
    {"4f457a6a547b434378757857", false, "Linux FreeS/WAN 1.4.7"},
    {"4f455476696c4e50675f6e70", false, "Linux FreeS/WAN 1.4.8"},
    {"4f455676404f5b55457d5479", false, "Linux FreeS/WAN 1.5.0"},
    {"4f45617072517b7d5c607344", false, "Linux FreeS/WAN 1.5.1"},
    {"4f456f407272744071414846", false, "Linux FreeS/WAN 1.5.2"},
    {"4f4547425f74447179614445", false, "Linux FreeS/WAN 1.5.3"},
    {"4f457d667c7069487e495448", false, "Linux FreeS/WAN 1.5.4"},
    {"4f45505f70774e73435e5b7a", false, "Linux FreeS/WAN 1.5.5"},
    {"4f45467c4d4760617f486547", false, "Linux FreeS/WAN 1.6.0"},
    {"4f454b534c5842715a656f49", false, "Linux FreeS/WAN 1.6.1"},
    {"4f4557464c67535540427a72", false, "Linux FreeS/WAN 1.6.2"},
    {"4f457d60727152596653686e", false, "Linux FreeS/WAN 1.6.3"},
    {"4f45486b7d44784d42676b5d", false, "Linux FreeS/WAN 2.00"},
    {"4f457c4f547e6e615b426e56", false, "Linux FreeS/WAN 2.01"},
    {"4f456c6b44696d7f6b4c4e60", false, "Linux FreeS/WAN 2.02"},
    {"4f45566671474962734e6264", false, "Linux FreeS/WAN 2.03"},
    {"4f45704f736579505c6e5f6d", false, "Linux FreeS/WAN 2.04"},
    {"4f457271785f4c7e496f4d54", false, "Linux FreeS/WAN 2.05"},
    {"4f457e4c466e5d427c5c6b52", false, "Linux FreeS/WAN 2.06"},
    {"4f455d787a5b6948787a655b", false, "Openswan 2.1.0"},
    {"4f45466a786e57484d4d4361", false, "Openswan 2.1.1"},
    {"4f4555656771407e63636578", false, "Openswan 2.1.2"},
    {"4f4548724b6e5e68557c604f", false, "Openswan 2.2.0"},
    {"4f4572696f5c77557f746249", false, "Openswan 2.3.0"},
    {"4f45454355706e735d625c71", false, "Openswan 2.3.1"},
    {"4f45436f586c544d46766f54", false, "Openswan 2.3.1 X.509-1.5.4 LDAP_V3 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f454578616c467b5f6f606d", false, "Openswan 2.3.1 X.509-1.5.4 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f45785c567c6f61507e7864", false, "Openswan 2.4.0"},
    {"4f457240604e7f585d6d5869", false, "Openswan 2.4.0 X.509-1.5.4 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f456e5e4c737d7d62796c51", false, "Openswan 2.4.1"},
    {"4f45666a6343554b5f7a4062", false, "Openswan 2.4.2"},
    {"4f4547407c7673775449546e", false, "Openswan 2.4.3"},
    {"4f455b7075417d5959587e46", false, "Openswan 2.4.3 X.509-1.5.4 LDAP_V3 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f45565e6441545f4a664642", false, "Openswan 2.4.4"},
    {"4f457a7d4646466667725f65", false, "Openswan 2.4.4 X.509-1.5.4 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f45587d5d4b4b7c61487b7c", false, "Openswan 2.4.5"},
    {"4f454766754a5b59657b4168", false, "Openswan 2.4.5 X.509-1.5.4 LDAP_V3 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f456e4d43757f784f704063", false, "Openswan 2.4.5 X.509-1.5.4 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f45725c5b754061666c425f", false, "Openswan 2.4.5dr3 X.509-1.5.4 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f45636e6542785f6f6b7257", false, "Openswan 2.4.6"},
    {"4f456c4c4f5d5264574e5244", false, "Openswan 2.4.6 X.509-1.5.4 LDAP_V3 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f454e7c454d716b5f4d6c67", false, "Openswan 2.4.6 X.509-1.5.4 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f457a7d6d6c5e5441727070", false, "Openswan 2.4.6rc3 X.509-1.5.4 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f4552756a414d79434d4951", false, "Openswan 2.4.7"},
    {"4f455a7e4261425d725c705f", false, "Openswan 2.4.7 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f457a6d734b6f476273616c", false, "Openswan 2.4.8"},
    {"4f455d62575860514272754c", false, "Openswan 2.4.8 LDAP_V3 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f4574514070784e717f5760", false, "Openswan 2.4.8 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f45414c5d6a75516450457a", false, "Openswan 2.4.9"},
    {"4f45534a496f60726b636462", false, "Openswan 2.4.9 LDAP_V3 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f455f5d7b764b67436f4f49", false, "Openswan 2.4.9 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f456971726d54726e464a71", false, "Openswan 2.4.10"},
    {"4f4574715e655577567a5f41", false, "Openswan 2.4.10 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f4550484948576e64636f6b", false, "Openswan 2.4.11"},
    {"4f457b64445e664a6355766b", false, "Openswan 2.4.11 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f456c7c5b79725e4a6a5658", false, "Openswan 2.4.12"},
    {"4f45606c50487c5662707575", false, "Openswan 2.4.12 LDAP_V3 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f454b427a64597b774d5d40", false, "Openswan 2.4.12 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f45445e597f60634770436c", false, "Openswan 2.4.13"},
    {"4f456b5a5d52605d7a7a6f4e", false, "Openswan 2.4.13 LDAP_V3 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f456066696a417566514d44", false, "Openswan 2.4.13 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f454c4e767d475b775e6f56", false, "Openswan 2.4.14"},
    {"4f455a526b5f4c686e534e63", false, "Openswan 2.4.14 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f45675d5e5d7f664c604651", false, "Openswan 2.4.15"},
    {"4f4540784e47627163627858", false, "Openswan 2.4.15 LDAP_V3 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f457d78546050757b707245", false, "Openswan 2.4.15 PLUTO_SENDS_VENDORID PLUTO_USES_KEYRR"},
    {"4f4546477e5e4b5440606859", false, "Openswan 2.5.0"},
    {"4f45495c767449495c5a7350", false, "Openswan 2.5.00"},
    {"4f457260466858434c7e6a45", false, "Openswan 2.5.01"},
    {"4f45717a7c715b657c5c5156", false, "Openswan 2.5.02"},
    {"4f456651517b4f475276654d", false, "Openswan 2.5.03"},
    {"4f455672606d794f697d7242", false, "Openswan 2.5.04"},
    {"4f454a4d5e5e674c604e4168", false, "Openswan 2.5.05"},
    {"4f454a6176624e5876754d64", false, "Openswan 2.5.06"},
    {"4f455c47464946434875464e", false, "Openswan 2.5.07"},
    {"4f455a6f776e666c49497b68", false, "Openswan 2.5.08"},
    {"4f454c4f577c5a7c4c665248", false, "Openswan 2.5.09"},
    {"4f45714250575765766a6c72", false, "Openswan 2.5.10"},
    {"4f457a795c6440407166776c", false, "Openswan 2.5.11"},
    {"4f4549796c524b7c515b5450", false, "Openswan 2.5.12"},
    {"4f45455740667a5f766d785d", false, "Openswan 2.5.13"},
    {"4f45736b7f50645f6c416341", false, "Openswan 2.5.14"},
    {"4f45675e407f696148444f7c", false, "Openswan 2.5.15"},
    {"4f4557575d58474e5d574e58", false, "Openswan 2.5.16"},
    {"4f457a74437b794a6148685b", false, "Openswan 2.5.17"},
    {"4f455e74654a504c7a614967", false, "Openswan 2.5.18"},
    {"4f45766b71776b6f48467a69", false, "Openswan 2.6.01"},
    {"4f455f525758674a61465b6b", false, "Openswan 2.6.02"},
    {"4f45775376797c60516a757b", false, "Openswan 2.6.03"},
    {"4f45736f4c6569475a7d7f4c", false, "Openswan 2.6.04"},
    {"4f457b654a44434170427663", false, "Openswan 2.6.05"},
    {"4f454a4376414f737d6e495f", false, "Openswan 2.6.06"},
    {"4f45466b5d7b4753765c686b", false, "Openswan 2.6.07"},
    {"4f457d456755615659534c7b", false, "Openswan 2.6.08"},
    {"4f455a447e4d547d6d416e6c", false, "Openswan 2.6.09"},
    {"4f45744a61537c7646486641", false, "Openswan 2.6.10"},
    {"4f455e7f4c79574b43455465", false, "Openswan 2.6.11"},
    {"4f45775b5b5e5b705443404e", false, "Openswan 2.6.12"},
    {"4f455a7f4b47466754526564", false, "Openswan 2.6.13"},
    {"4f456f534a55776561714158", false, "Openswan 2.6.14"},
    {"4f4563476e586e5f567a5457", false, "Openswan 2.6.15"},
    {"4f456a7d637357765a5c7b63", false, "Openswan 2.6.16"},
    {"4f4554704245584355764571", false, "Openswan 2.6.17"},
    {"4f457d5a765a404d5b4f5744", false, "Openswan 2.6.18"},
    {"4f456b71484c42504f664d44", false, "Openswan 2.6.19"},
    {"4f4543714271574c644b7a41", false, "Openswan 2.6.20"},
    {"4f454970424c6d5f4e5b6f59", false, "Openswan 2.6.20dr2"},
    {"4f4550544259485a67464e66", false, "Openswan 2.6.20rc1"},
    {"4f457e717f6b5a4e727d576b", false, "Openswan 2.6.21"},
    {"4f456c6a405d72544d42754d", false, "Openswan 2.6.22"},
    {"4f456d406b6753464548407f", false, "Openswan 2.6.23"},
    {"4f45557d6068416e77737478", false, "Openswan 2.6.24"},
    {"4f45694b5146645d6863434c", false, "Openswan 2.6.24rc3"},
    {"4f45445743787f6f78467b4d", false, "Openswan 2.6.24rc5"},
    {"4f4543606e547b776f5e5848", false, "Openswan 2.6.25"},
    {"4f45504b7e7a764d4e645f57", false, "Openswan 2.6.26"},
    {"4f456e544e77494c76567e5c", false, "Openswan 2.6.27"},
    {"4f45517b4f7f6e657a7b4351", false, "Openswan 2.6.28"},
    {"4f455e5a65725d6564727763", false, "Openswan 2.6.29"},
    {"4f457656736b546968656675", false, "Openswan 2.6.30"},
    {"4f457d476e447f5a4159655b", false, "Openswan 2.6.31"},
    {"4f4568794c64414365636661", false, "Openswan 2.6.32"},
    {"4f456768495f775c414c4679", false, "Openswan 2.6.33"},
    {"4f457f7e637f7679517f4a5a", false, "Openswan 2.6.34"},
    {"4f457e487a746b6f69705842", false, "Openswan 2.6.35"},
    {"4f45716c74725d4b5a6c5d5f", false, "Openswan 2.6.36"},
    {"4f45755c645c6a795c5c6170", false, "Openswan 2.6.37"},
    {"4f4576795c6b677a57715c73", false, "Openswan 2.6.38"},
    {"4f454b705270417f765b6b59", false, "Openswan 2.6.38dr2"},
    {"4f45414f75405b4e6b554a50", false, "Openswan 2.6.38rc2"},
    {"4f456d6470475f6c477d767d", false, "Openswan 2.6.39"},
    {"4f456c4e75416271485b7970", false, "Openswan 2.6.39dr3"},
    {"4f53577666617a6f6355505a", false, "Openswan 2.6.40"},
    {"4f535773786c6a4640545359", false, "Openswan 2.6.41"},
    {"4f535751624a50497c705f61", false, "Openswan 2.6.42"},
    {"4f53577b5547416f4c674b64", false, "Openswan 2.6.43"},
    {"4f53574745627352675b5a51", false, "Openswan 2.6.44"},
    {"4f53577e7b6566787577466d", false, "Openswan 2.6.45"},
    {"4f535771775064405e494145", false, "Openswan 2.6.46"},
    {"4f5357584f7a6d66706e7052", false, "Openswan 2.6.47"},
    {"4f53575353637b5979536b4c", false, "Openswan 2.6.47.1"},
    {"4f53576d77657d7c497e6c7c", false, "Openswan 2.6.48"},
    {"4f5357795f4472657a654753", false, "Openswan 2.6.49"},
    {"4f53575e5f45464d62615370", false, "Openswan 2.6.50dev1"},
    {"4f5357", true, "Openswan (Xelerance)"},  // LSW

    // ---- KAME racoon, IPsec-Tools, Apple.
    // Source unless noted: WS.
    {"4d6163204f53582031302e78", true, "Apple Mac OS X 10.x"},  // IKS
    {"20a3622c1cea7ce37bee3ca484425276", false, "IPsec-Tools racoon"},
    {"7003cbc1097dbe9c2600ba6983bc8b35", false, "KAME/racoon"},

    // ---- Cisco.
    // Source unless noted: WS.
    {"434953434f28434f5059524947485429", true, "Cisco CISCO(COPYRIGHT)"},  // WS string, cut before the year (which varies)
    {"434953434f28434f505952494748542926436f7079726967687420286329203230303920436973636f2053797374656d732c20496e632e", false, "Cisco CISCO(COPYRIGHT)&Copyright (c) 2009 Cisco Systems, Inc."},  // WS (ASCII)
    {"434953434f2d44454c4554452d524541534f4e", false, "Cisco CISCO-DELETE-REASON"},
    {"434953434f2d44594e414d49432d524f555445", false, "Cisco CISCO-DYNAMIC-ROUTE"},
    {"434953434f2d4752452d4d4f4445", false, "Cisco CISCO-GRE-MODE"},
    {"434953434f56504e2d5245562d3032", false, "Cisco CISCOVPN-REV-02"},
    {"464c455856504e2d535550504f52544544", false, "Cisco FLEXVPN-SUPPORTED"},
    {"3e984048", true, "Cisco IOS"},  // LSW, NMAP
    {"12f5f28c457168a9702d9fe274cc", true, "Cisco Unity"},  // WS; LSW: MD5("CISCO-UNITY") with the last two bytes replaced by the version
    {"12f5f28c457168a9702d9fe274cc0100", false, "Cisco Unity 1.0"},  // IKS, LSW, NMAP
    {"800100018002000180030002", false, "Cisco Unity FW type"},  // LSW
    {"1f07f70eaa6514d3b0fa96542a50", true, "Cisco VPN 3000 Concentrator"},  // IKS; LSW: truncated MD5("ALTIGA GATEWAY") + 2-byte version
    {"1f07f70eaa6514d3b0fa96542a500300", false, "Cisco VPN 3000 Concentrator 3.0.0"},  // IKS, NMAP
    {"1f07f70eaa6514d3b0fa96542a500301", false, "Cisco VPN 3000 Concentrator 3.0.1"},  // IKS, NMAP
    {"1f07f70eaa6514d3b0fa96542a500305", false, "Cisco VPN 3000 Concentrator 3.0.5"},  // IKS, NMAP
    {"1f07f70eaa6514d3b0fa96542a500407", false, "Cisco VPN 3000 Concentrator 4.0.7"},  // IKS, NMAP
    {"f6f7efc7f5aeb8cb158cb9d094ba69e7", true, "Cisco VPN 3000 client"},  // IKS
    {"4048b7d56ebce88525e7de7f00d6c2d3", true, "Cisco/Microsoft IKE Fragmentation"},  // WS, IKS, LSW; MD5("FRAGMENTATION"), checked
    {"4048b7d56ebce88525e7de7f00d6c2d380000000", false, "Cisco/Microsoft IKE Fragmentation (flags 0x80000000)"},
    {"4048b7d56ebce88525e7de7f00d6c2d3c0000000", false, "Cisco/Microsoft IKE Fragmentation (flags 0xc0000000)"},  // NMAP Cisco PIX 7 VID ordering

    // ---- Microsoft.
    // Source unless noted: WS.
    {"ad2c0dd0b9c32083ccba25b8861ec455", false, "Microsoft GSS-API Authentication Method for IKE"},
    {"b46d8914f3aaa3f2fedeb7c7db2943ca", false, "Microsoft GSS-API Authentication Method for IKE (hash with a trailing newline)"},
    {"621b04bb09882ac1e15935fefa24aeee", false, "Microsoft GSSAPI"},
    {"e3a5966a76379fe707228231e5ce8652", false, "Microsoft IKE CGA version 1"},
    {"1e2b516905991c7d7c96fcbfb587e461", true, "Microsoft MS NT5 ISAKMPOAKLEY"},  // WS, IKS, LSW; MD5("MS NT5 ISAKMPOAKLEY"), checked
    {"214ca4faffa7f32d6748e5303395ae83", false, "Microsoft MS-MamieExists"},  // IKS, LSW, NMAP; MD5 checked
    {"fb1de3cdf341b7ea16b7e5be0855f120", false, "Microsoft MS-Negotiation Discovery Capable"},
    {"72872b95fcda2eb708efe322119b4971", false, "Microsoft NLBS_PRESENT"},  // IKS
    {"26244d38eddb61b3172a36e3d0cfb819", false, "Microsoft Vid-Initial-Contact"},  // WS, IKS, LSW, NMAP; MD5("Vid-Initial-Contact"), checked
    {"1e2b516905991c7d7c96fcbfb587e46100000002", false, "Microsoft Windows 2000 (MS NT5 ISAKMPOAKLEY)"},  // IKS, NMAP
    {"1e2b516905991c7d7c96fcbfb587e46100000003", false, "Microsoft Windows XP SP1 (MS NT5 ISAKMPOAKLEY)"},  // IKS, NMAP
    {"1e2b516905991c7d7c96fcbfb587e46100000004", false, "Microsoft Windows Server 2003 or XP SP2 (MS NT5 ISAKMPOAKLEY)"},  // IKS, NMAP
    {"1e2b516905991c7d7c96fcbfb587e46100000005", false, "Microsoft Windows Vista (MS NT5 ISAKMPOAKLEY)"},  // IKS, NMAP
    {"1e2b516905991c7d7c96fcbfb587e46100000006", false, "Microsoft Windows Server 2008 (MS NT5 ISAKMPOAKLEY)"},  // IKS, NMAP
    {"1e2b516905991c7d7c96fcbfb587e46100000007", false, "Microsoft Windows 7 (MS NT5 ISAKMPOAKLEY)"},  // IKS, NMAP
    {"1e2b516905991c7d7c96fcbfb587e46100000008", false, "Microsoft Windows Server 2008 R2 (MS NT5 ISAKMPOAKLEY)"},  // IKS, NMAP
    {"1e2b516905991c7d7c96fcbfb587e46100000009", false, "Microsoft Windows 8 (MS NT5 ISAKMPOAKLEY)"},  // IKS, NMAP
    {"1e2b516905991c7d7c96fcbfb587e46100000010", false, "Microsoft Windows Server 2012 (MS NT5 ISAKMPOAKLEY)"},  // IKS, NMAP

    // ---- Juniper / NetScreen.
    // Source unless noted: WS, IKS, LSW.
    {"9436e8d67174ef9aed068d5ad5213f187a3f8ba6", true, "Juniper NetScreen (Netscreen 5XP ScreenOS 4.0)"},  // IKS, NMAP
    {"299ee8289f40a8973bc78687e2e7226b532c3b76", true, "Juniper NetScreen (Netscreen-1)"},
    {"3a15e1f3cf2a63582e3ac82d1c64cbe3b6d779e7", true, "Juniper NetScreen (Netscreen-2)"},
    {"47d2b126bfcd83489760e2cf8c5d4d5a03497c15", true, "Juniper NetScreen (Netscreen-3)"},
    {"4a4340b543e02b84c88a8b96a8af9ebe77d9accc", true, "Juniper NetScreen (Netscreen-4)"},
    {"64405f46f03b7660a23be116a1975058e69e8387", true, "Juniper NetScreen (Netscreen-5)"},
    {"699369228741c6d4ca094c93e242c9de19e7b7c6", true, "Juniper NetScreen (Netscreen-6)"},
    {"8c0dc6cf62a0ef1b5c6eabd1b67ba69866adf16a", true, "Juniper NetScreen (Netscreen-7)"},
    {"92d27a9ecb31d99246986d3453d0c3d57a222a61", true, "Juniper NetScreen (Netscreen-8)"},
    {"9b096d9ac3275a7d6fe8b91c583111b09efed1a0", true, "Juniper NetScreen (Netscreen-9)"},
    {"bf03746108d746c904f1f3547de24f78479fed12", true, "Juniper NetScreen (Netscreen-10)"},
    {"c2e80500f4cc5fbf5daaeed3bb59abaeee56c652", true, "Juniper NetScreen (Netscreen-11)"},
    {"c8660a62b03b1b6130bf781608d32a6a8d0fb89f", true, "Juniper NetScreen (Netscreen-12)"},
    {"f885da40b1e7a9abd17655ec5bbec0f21f0ed52e", true, "Juniper NetScreen (Netscreen-13)"},
    {"2a2bcac19b8e91b426107807e02e7249569d6fd3", true, "Juniper NetScreen (Netscreen-14)"},
    {"166f932d55eb64d8e4df4fd37e2313f0d0fd8451", true, "Juniper NetScreen (Netscreen-15)"},
    {"a35bfd05ca1ac0b3d2f24e9e82bfcbff9c9e52b5", true, "Juniper NetScreen (Netscreen-16)"},
    {"4865617274426561745f4e6f74696679", true, "Juniper NetScreen HeartBeat_Notify"},  // WS, IKS, LSW, NMAP (ASCII, version bytes follow)
    {"2c9d7e81995b9967d23f571ac641f9348122f1cc", true, "Juniper SSG (NetScreen OS 6.20)"},  // NMAP

    // ---- Fortinet.
    // Source unless noted: WS.
    {"ca4a4cbb12eab6c58c57067c2e653786", false, "Fortinet Auto-Discovery Receiver"},
    {"9b15e65a871aff342666623ba5022e60", false, "Fortinet Auto-Discovery Sender"},
    {"b4f01ca951e9da8d0bafbbd34ad3044e", false, "Fortinet Endpoint Control"},
    {"a58fec5036f57b21e8b499e336c76ee6", false, "Fortinet Exchange Interface IP"},
    {"4c53427b6d465d1b337bb755a37a7fef", false, "Fortinet FortiClient connect license"},
    {"8299031757a36082c6a621de", true, "Fortinet FortiGate"},  // WS (followed by release and build)
    {"1d6e178f6c2c0be284985465450fe9d4", false, "Fortinet FortiGate"},  // IKS

    // ---- Check Point and CryptoPro.
    // Source unless noted: IKS.
    {"f4ed19e0c114eb516faaac0ee37daf2807b4381f", true, "Check Point"},  // IKS, LSW, NMAP (WS names it CryptoPro/GOST 0.1 / Check Point R65)
    {"f4ed19e0c114eb516faaac0ee37daf2807b4381f00000001000000020000000000000000", true, "Check Point Firewall-1 4.1 Base"},
    {"f4ed19e0c114eb516faaac0ee37daf2807b4381f00000001000000030000000000000000", true, "Check Point Firewall-1 4.1 SP1"},
    {"f4ed19e0c114eb516faaac0ee37daf2807b4381f0000000100000fa20000000000000000", true, "Check Point Firewall-1 4.1 SP2-SP6"},
    {"f4ed19e0c114eb516faaac0ee37daf2807b4381f000000010000138c0000000000000000", true, "Check Point Firewall-1 NG AI R54"},
    {"f4ed19e0c114eb516faaac0ee37daf2807b4381f000000010000138d0000000000000000", true, "Check Point Firewall-1 NG AI R55"},
    {"f4ed19e0c114eb516faaac0ee37daf2807b4381f00000001000013880000000000000000", true, "Check Point Firewall-1 NG Base"},
    {"f4ed19e0c114eb516faaac0ee37daf2807b4381f00000001000013890000000000000000", true, "Check Point Firewall-1 NG FP1"},
    {"f4ed19e0c114eb516faaac0ee37daf2807b4381f000000010000138a0000000000000000", true, "Check Point Firewall-1 NG FP2"},
    {"f4ed19e0c114eb516faaac0ee37daf2807b4381f000000010000138b0000000000000000", true, "Check Point Firewall-1 NG FP3"},
    {"f4ed19e0c114eb516faaac0ee37daf2807b4381f000000010000138d", true, "Check Point Firewall-1 NGX or later"},
    {"031017e07f7a82e3aa6950c999990100", false, "CryptoPro/GOST 1.0 / Check Point R71"},  // WS
    {"031017e07f7a82e3aa6950c999990101", false, "CryptoPro/GOST 1.1"},  // WS

    // ---- SonicWall.
    // Source unless noted: IKS.
    {"404bf439522ca3f6", true, "SonicWall"},  // WS, IKS, LSW, NMAP
    {"5b362bc820f60001", true, "SonicWall (SonicWall-1)"},
    {"5b362bc820f60002", true, "SonicWall (SonicWall-2)"},
    {"5b362bc820f60003", true, "SonicWall (SonicWall-3)"},
    {"5b362bc820f60005", true, "SonicWall (SonicWall-5)"},
    {"5b362bc820f60006", true, "SonicWall (SonicWall-6)"},
    {"5b362bc820f60007", true, "SonicWall (SonicWall-7)"},
    {"5b362bc820f60008", true, "SonicWall (SonicWall-8)"},
    {"5b362bc820f70001", true, "SonicWall (SonicWall-c)"},

    // ---- ZyXEL.
    // Source unless noted: IKS.
    {"625027749d5ab97f5616c1602765cf480a3b7d0b", true, "ZyXEL ZyWALL"},  // WS, IKS, LSW, NMAP
    {"b858d1addd08c1e8adafea150608aa4497aa6cc8", true, "ZyXEL ZyWALL Router"},
    {"f758f22668750f03b08df6ebe1d0", true, "ZyXEL ZyWALL USG 100"},

    // ---- SSH Communications Security (IPSEC Express, Sentinel, QuickSec): MD5 of the
    // product string.
    // Source unless noted: WS, IKS.
    {"fbf47614984031fa8e3bb6198089b223", false, "SSH Communications Security IPSEC Express 1.1.0"},
    {"1952dc91ac20f646fb01cf42a33aee30", false, "SSH Communications Security IPSEC Express 1.1.1"},
    {"e8bffa643e5c8f2cd10fda7370b6ebe5", false, "SSH Communications Security IPSEC Express 1.1.2"},
    {"c1111b2dee8cbc3d620573ec57aab9cb", false, "SSH Communications Security IPSEC Express 1.2.1"},
    {"09ec27bfbc09c75823cfecbffe565a2e", false, "SSH Communications Security IPSEC Express 1.2.2"},
    {"7f21a596e4e318f0b2f4944c2384cb84", false, "SSH Communications Security IPSEC Express 2.0.0"},
    {"2836d1fd2807bc9e5ae30786320451ec", false, "SSH Communications Security IPSEC Express 2.1.0"},
    {"a68de756a9c5229bae66498040951ad5", false, "SSH Communications Security IPSEC Express 2.1.1"},
    {"3f2372867e237c1cd8250a75559cae20", false, "SSH Communications Security IPSEC Express 2.1.2"},
    {"0e58d5774df602007d0b02443660f7eb", false, "SSH Communications Security IPSEC Express 3.0.0"},
    {"f5ce31ebc210f44350cf71265b57380f", false, "SSH Communications Security IPSEC Express 3.0.1"},
    {"f64260af2e2742daddd56987068a99a0", false, "SSH Communications Security IPSEC Express 4.0.0"},
    {"7a54d3bdb3b1e6d923892064be2d981c", false, "SSH Communications Security IPSEC Express 4.0.1"},
    {"9aa1f3b43472a45d5f506aeb260cf214", false, "SSH Communications Security IPSEC Express 4.1.0"},
    {"89f7b760d86b012acf263382394d962f", false, "SSH Communications Security IPSEC Express 4.1.1"},
    {"6880c7d026099114e486c55430e7abee", false, "SSH Communications Security IPSEC Express 4.2.0"},
    {"b037a21aceccb5570f602546f97bde8c", false, "SSH Communications Security IPSEC Express 5.0"},
    {"2b2dad97c4d140930053287f996850b0", false, "SSH Communications Security IPSEC Express 5.0.0"},
    {"45e17f3abe93944cb202910c59ef806b", false, "SSH Communications Security IPSEC Express 5.1.0"},
    {"5925859f7377ed7816d2fb81c01fa551", false, "SSH Communications Security IPSEC Express 5.1.1"},
    {"37eba0c4136184e7daf8562a77060b4a", false, "SSH Communications Security QuickSec 0.9.0"},
    {"5d72925e55948a9661a7fc48fdec7ff9", false, "SSH Communications Security QuickSec 1.1.0"},
    {"777fbf4c5af6d1cdd4b895a05bf82594", false, "SSH Communications Security QuickSec 1.1.1"},
    {"2cdf08e712ede8a5978761267cd19b91", false, "SSH Communications Security QuickSec 1.1.2"},
    {"59e454a8c2cf02a34959121f1890bc87", false, "SSH Communications Security QuickSec 1.1.3"},
    {"8f9cc94e01248ecdf147594c284b213b", false, "SSH Communications Security QuickSec 2.1.0"},  // IKS
    {"054182a07c7ae206f9d2cf9d2432c482", false, "SSH Communications Security Sentinel"},
    {"b91623e693ca18a54c6a2778552305e8", false, "SSH Communications Security Sentinel 1.1"},
    {"5430888de01a31a6fa8f60224e449958", false, "SSH Communications Security Sentinel 1.2"},
    {"7ee5cb85f71ce259c94a5c731ee4e752", false, "SSH Communications Security Sentinel 1.3"},
    {"63d9a1a7009491b5a0a6fdeb2a8284f0", false, "SSH Communications Security Sentinel 1.4"},
    {"eb4b0d96276b4e220ad16221a7b2a5e6", false, "SSH Communications Security Sentinel 1.4.1"},

    // ---- Aruba Networks.
    // Source unless noted: WS.
    {"3c8e70bdf9c7d74add53e4100915dc2e4bb51274", false, "Aruba Networks Controller"},
    {"ca3e2b854ba8030017dc1023a4fde2041f9f7463", false, "Aruba Networks Remote AP"},
    {"56494120417574682050726f66696c65203a20", true, "Aruba Networks VIA Auth Profile"},  // WS ("VIA Auth Profile : " + profile name)
    {"88f0e3149b3fa48b05aa7f685f0b766be186ccb8", false, "Aruba Networks VIA Client"},

    // ---- Other vendors.
    {"4485152d18b6bbcc0be8a8469579ddcc", true, "Avaya"},  // IKS, NMAP
    {"9aa1f3b43472a45d5f506aeb26c0f214", false, "CyberGuard"},  // WS
    {"4c5643372e312e323a5850", false, "Lucent VPN Client 7 (LVC7.1.2:XP)"},  // LSW (ASCII)
    {"4c5647392e322e3234353a425249434b3a392e322e323435", false, "Lucent VPN Gateway 9 (LVG9.2.245:BRICK:9.2.245)"},  // LSW (ASCII)
    {"101fb0b35c5a4f4c08b919f1cb9777b0", false, "NCP client"},  // LSW
    {"dbfb81eb5760b0788562067da102d755", false, "Netgear"},  // IKS
    {"424e4553000000", true, "Nortel Contivity"},  // IKS
    {"4f70656e504750", true, "OpenPGP"},  // NMAP (ASCII)
    {"4f70656e5047503130313731", false, "OpenPGP"},  // LSW, IKS (ASCII "OpenPGP10171")
    {"47bbe7c993f1fc13b4e6d0db565c68e5", true, "SafeNet SoftRemote"},  // IKS
    {"47bbe7c993f1fc13b4e6d0db565c68e5010201010201010310382e302e3020284275696c6420313029000000", true, "SafeNet SoftRemote 8.0.0"},  // IKS
    {"47bbe7c993f1fc13b4e6d0db565c68e5010201010201010310392e302e3120284275696c6420313229000000", true, "SafeNet SoftRemote 9.0.1"},  // IKS
    {"8404adf9cda05760b2ca292e4bff537b", false, "Secure Computing Sidewinder"},  // WS
    {"3b9031dce4fcf88b489a923963dd0c49", false, "Shrew Soft DPDv1_NG"},  // LSW (from Shrew Soft source)
    {"f14b94b7bff1fef02773b8c49feded26", false, "Shrew Soft VPN client"},  // WS
    {"c573b056d7faca36c2fba28374127cbf", false, "Stonesoft StoneGate (StoneGate-01)"},  // IKS, NMAP
    {"baeb239037e17787d730eed9d95d48aa", false, "Stonesoft StoneGate (StoneGate-02)"},  // IKS, NMAP
    {"526170746f7220506f77657256706e20536572766572", true, "Symantec Raptor"},  // IKS, NMAP (ASCII)
    {"526170746f7220506f77657256706e20536572766572205b56382e315d", true, "Symantec Raptor v8.1"},  // IKS, NMAP (ASCII)
    {"54494d4553544550", true, "Timestep VPN Gateway"},  // IKS
};

constexpr size_t kRowCount = sizeof(kRows) / sizeof(kRows[0]);

constexpr size_t text_length(const char* s) {
    size_t n = 0;
    while (s[n] != '\0') {
        ++n;
    }
    return n;
}

constexpr bool is_hex_digit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

constexpr uint8_t nibble(char c) {
    return static_cast<uint8_t>(c <= '9' ? c - '0' : c - 'a' + 10);
}

// Every row: a non-empty, even-length, lower-case hex string and a name.
constexpr bool rows_are_well_formed() {
    for (const Row& row : kRows) {
        const size_t n = text_length(row.hex);
        if (n == 0 || n % 2 != 0 || row.name == nullptr || row.name[0] == '\0') {
            return false;
        }
        for (size_t i = 0; i < n; ++i) {
            if (!is_hex_digit(row.hex[i])) {
                return false;
            }
        }
    }
    return true;
}
static_assert(rows_are_well_formed(), "a Vendor ID row is not lower-case hex of even length");

constexpr size_t total_bytes() {
    size_t n = 0;
    for (const Row& row : kRows) {
        n += text_length(row.hex) / 2;
    }
    return n;
}

// All rows' bytes, back to back, in row order.
struct Pool {
    uint8_t bytes[total_bytes()];
};

constexpr Pool make_pool() {
    Pool pool{};
    size_t at = 0;
    for (const Row& row : kRows) {
        const size_t n = text_length(row.hex);
        for (size_t i = 0; i < n; i += 2) {
            pool.bytes[at++] = static_cast<uint8_t>(nibble(row.hex[i]) << 4 | nibble(row.hex[i + 1]));
        }
    }
    return pool;
}

constexpr Pool kPool = make_pool();

struct Table {
    KnownVendorId entries[kRowCount];
};

constexpr Table make_table() {
    Table table{};
    size_t at = 0;
    for (size_t i = 0; i < kRowCount; ++i) {
        const size_t length = text_length(kRows[i].hex) / 2;
        table.entries[i] = KnownVendorId{kPool.bytes + at, length, kRows[i].prefix, kRows[i].name};
        at += length;
    }
    return table;
}

constexpr Table kTable = make_table();

}  // namespace

const char* vendor_id_name(const uint8_t* data, size_t length) {
    if (data == nullptr || length == 0) {
        return nullptr;
    }
    const KnownVendorId* best = nullptr;
    for (const KnownVendorId& known : kTable.entries) {
        const bool fits = known.prefix ? length >= known.length : length == known.length;
        if (!fits || std::memcmp(known.bytes, data, known.length) != 0) {
            continue;
        }
        // Longest match wins: "OE-Libreswan-" before "OE", a version row before its prefix.
        if (best == nullptr || known.length > best->length ||
            (known.length == best->length && !known.prefix && best->prefix)) {
            best = &known;
        }
    }
    return best != nullptr ? best->name : nullptr;
}

const KnownVendorId* known_vendor_ids(size_t* count) {
    if (count != nullptr) {
        *count = kRowCount;
    }
    return kTable.entries;
}

}  // namespace ikev2
