// One parser per payload type (one file each). Each takes the body after the generic
// payload header and records problems instead of failing.
#pragma once

#include "../message.hpp"
#include "layout.hpp"

namespace ikev2::payloads {

SaBody parse_sa(ByteView body, Issues& issues);
KeBody parse_ke(ByteView body, Issues& issues);
IdBody parse_id(ByteView body, Issues& issues);
CertBody parse_cert(ByteView body, Issues& issues, bool certreq);
AuthBody parse_auth(ByteView body, Issues& issues);
NotifyBody parse_notify(ByteView body, Issues& issues);
DeleteBody parse_delete(ByteView body, Issues& issues);
VendorIdBody parse_vendor_id(ByteView body);
TsBody parse_ts(ByteView body, Issues& issues);
CpBody parse_cp(ByteView body, Issues& issues);
SkfBody parse_skf(ByteView body, Issues& issues);

}  // namespace ikev2::payloads
