#include <Poco/ClassLibrary.h>

#include "iro_report_kind.h"

POCO_BEGIN_MANIFEST(carepack::Plugin)
POCO_EXPORT_CLASS(carepack::IroReportKind)
POCO_END_MANIFEST

CAREPACK_DECLARE_PLUGIN("iro-report")
