/* SPDX-License-Identifier: MIT */
/* The event coder's resources for extract and ingest: actors, lexicon, gazetteer. */
#include <string.h>

#include "cli.h"

int cli_events_opt(cli_events *e, int which, const char *arg)
{
	switch (which) {
	case CLI_EV_ACTORS:
		if (e->n_actors == CLI_EVENTS_MAX_FILES) {
			cli_error("at most %d --actors files", CLI_EVENTS_MAX_FILES);
			return -1;
		}
		e->actors[e->n_actors++] = arg;
		return 0;
	case CLI_EV_VERBS:
		if (e->n_verbs == CLI_EVENTS_MAX_FILES) {
			cli_error("at most %d --verbs files", CLI_EVENTS_MAX_FILES);
			return -1;
		}
		e->verbs[e->n_verbs++] = arg;
		return 0;
	case CLI_EV_GAZ: e->gazetteer = arg; return 0;
	case CLI_EV_ADMIN1: e->admin1 = arg; return 0;
	case CLI_EV_DYADS: e->dyads = 1; return 0;
	case CLI_EV_OFF: e->off = 1; return 0;
	}
	return -1;
}

int cli_events_load(cli_events *e, qasid_options *opt)
{
	qasid_err err = {0};
	int i;

	if (e->off)
		return 0;
	if (e->admin1 && !e->gazetteer) {
		cli_error("--admin1 goes with --gazetteer");
		return EXIT_USAGE;
	}
	if (qasid_actors_new(&e->a, 1, &err) || qasid_verbs_new(&e->v, 1, &err))
		goto fail;
	for (i = 0; i < e->n_actors; i++)
		if (qasid_actors_add_file(e->a, e->actors[i], &err))
			goto fail;
	for (i = 0; i < e->n_verbs; i++)
		if (qasid_verbs_add_file(e->v, e->verbs[i], &err))
			goto fail;
	if (qasid_gazetteer_new(&e->g, &err) ||
	    (e->gazetteer && qasid_gazetteer_add_geonames(e->g, e->gazetteer, e->admin1, &err)))
		goto fail;
	opt->actors = e->a;
	opt->verbs = e->v;
	opt->gazetteer = e->g;
	opt->event_flags = e->dyads ? QASID_EVENTS_DYADS : 0;
	return 0;
fail:
	cli_error("%s", err.msg);
	cli_events_free(e);
	return EXIT_MODEL;
}

void cli_events_free(cli_events *e)
{
	qasid_actors_free(e->a);
	qasid_verbs_free(e->v);
	qasid_gazetteer_free(e->g);
	e->a = NULL;
	e->v = NULL;
	e->g = NULL;
}
