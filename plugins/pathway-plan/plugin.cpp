#include <Poco/ClassLibrary.h>

#include "pathway_plan_kind.h"

POCO_BEGIN_MANIFEST(carepack::Plugin)
POCO_EXPORT_CLASS(carepack::PathwayPlanKind)
POCO_END_MANIFEST

CAREPACK_DECLARE_PLUGIN("pathway-plan")
