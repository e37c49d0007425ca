/*
 * scenario_vars.c - ${NAME} expansion (see scenario_vars.h).
 */
#include "scenario_vars.h"

#include <stdio.h>
#include <string.h>

void scenario_vars_init(scenario_vars *vars)
{
    vars->count = 0;
}

int scenario_vars_set(scenario_vars *vars, const char *name, const char *value)
{
    if (strlen(name) >= sizeof(vars->names[0]) || strlen(value) >= sizeof(vars->values[0]))
        return -1;
    size_t i = 0;
    while (i < vars->count && strcmp(vars->names[i], name) != 0)
        i++;
    if (i == vars->count) {
        if (vars->count == SCENARIO_VARS_MAX)
            return -1;
        vars->count++;
    }
    snprintf(vars->names[i], sizeof(vars->names[i]), "%s", name);
    snprintf(vars->values[i], sizeof(vars->values[i]), "%s", value);
    return 0;
}


const char *scenario_vars_get(const scenario_vars *vars, const char *name)
{
    for (size_t i = 0; i < vars->count; i++)
        if (strcmp(vars->names[i], name) == 0)
            return vars->values[i];
    return NULL;
}
