/* Names of the status codes, for messages. */
#include "flatprop.h"

const char *flatprop_status_name(int status)
{
    switch (status) {
    case FLATPROP_OK: return "ok";
    case FLATPROP_ERR_ARG: return "bad argument";
    case FLATPROP_ERR_MISMATCH: return "gradient mismatch";
    case FLATPROP_ERR_BUFFER_SMALL: return "buffer too small";
    case FLATPROP_ERR_TRUNCATED: return "truncated blob";
    case FLATPROP_ERR_MAGIC: return "not a flatprop blob";
    case FLATPROP_ERR_VERSION: return "unsupported blob version";
    case FLATPROP_ERR_CHECKSUM: return "checksum mismatch";
    case FLATPROP_ERR_IDENTITY: return "blob of another network";
    case FLATPROP_ERR_COUNT: return "wrong parameter count";
    case FLATPROP_ERR_TYPE: return "wrong scalar type";
    case FLATPROP_ERR_NONFINITE: return "non-finite value";
    default: return "unknown status";
    }
}
