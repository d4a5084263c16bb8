/*
 * table/table.h: tables built from results (group.h: the grouping stage)
 * and what the later stages read of a table beyond the public header.
 * Private to the library and its tests: only include/cbenchstat.h is
 * installed.
 */
#ifndef CBS_TABLE_H
#define CBS_TABLE_H

#include "base/base.h"

/* The label of column col as cbs_table_col_label joins it, whole.
 * @return it, malloc'd, or NULL (table.c). */
char *cbs_table_col_label_dup(const struct cbs_table *t, size_t col);

#endif /* CBS_TABLE_H */
