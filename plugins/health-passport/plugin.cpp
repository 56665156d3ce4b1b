#include <Poco/ClassLibrary.h>

#include "health_passport_kind.h"

POCO_BEGIN_MANIFEST(carepack::Plugin)
POCO_EXPORT_CLASS(carepack::HealthPassportKind)
POCO_END_MANIFEST

CAREPACK_DECLARE_PLUGIN("health-passport")
