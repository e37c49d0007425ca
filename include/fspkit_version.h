/*
 * fspkit_version.h - the kit's one version number: every program's --version and every
 * report's header print it, so a report names the kit that judged it.
 */
#ifndef FSPKIT_VERSION_H
#define FSPKIT_VERSION_H

#define FSPKIT_VERSION "0.3"

#endif /* FSPKIT_VERSION_H */
