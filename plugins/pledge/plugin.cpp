#include <Poco/ClassLibrary.h>

#include "pledge_kind.h"

POCO_BEGIN_MANIFEST(carepack::Plugin)
POCO_EXPORT_CLASS(carepack::PledgeKind)
POCO_END_MANIFEST

CAREPACK_DECLARE_PLUGIN("pledge")
