/* pos-printing.h: receipts and reports: ESC/POS and PDF, submitted through CUPS.
 * The one header app/ includes from this layer. */
#pragma once

#include "pos-print-error.h"
#include "pos-receipt.h"
#include "pos-escpos.h"
#include "pos-receipt-pdf.h"
#include "pos-report.h"
#include "pos-printer.h"
