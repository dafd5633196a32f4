#pragma once

namespace vax::sync {

// The sync protocol's version, checked on both ends: a batch of another version is refused
// with a clear message rather than half understood.
constexpr int kProtocolVersion = 1;
// Changes per push batch: small enough to resend cheaply after a cut.
constexpr int kDefaultBatchSize = 500;

} // namespace vax::sync
