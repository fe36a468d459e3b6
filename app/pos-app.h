/* pos-app.h: the use cases of stsvend, the one header front ends include */
#pragma once

#include "pos-admin.h"
#include "pos-app-error.h"
#include "pos-async.h"
#include "pos-cards.h"
#include "pos-context.h"
#include "pos-customers.h"
#include "pos-engineering.h"
#include "pos-meter-sim.h"
#include "pos-money.h"
#include "pos-receipts.h"
#include "pos-reports.h"
#include "pos-sales.h"
#include "pos-sts-batch.h"
#include "pos-sts-request.h"
#include "pos-vend.h"
