#include <Poco/ClassLibrary.h>

#include "iro_records_source.h"
#include "ssda903_source.h"

POCO_BEGIN_MANIFEST(carepack::Plugin)
POCO_EXPORT_CLASS(carepack::Ssda903Source)
POCO_EXPORT_CLASS(carepack::IroRecordsSource)
POCO_END_MANIFEST

CAREPACK_DECLARE_PLUGIN("ssda903")
