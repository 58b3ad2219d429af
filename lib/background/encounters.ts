import type { DmpEvent, EventKind } from '../domain/events';

/**
 * Encounters (consultations) link the events of one consultation in a tab: a deposit, a DMP
 * read, an e-prescription made while it is open carry its id. The id is random and lives in
 * session storage only, per tab: it says nothing about the patient and is gone when the
 * browser closes. Events keep it (to count, for example, costly acts after a DMP read).
 */
export interface EncounterState {
  id: string;
  /** Adapter that opened it. */
  site: string;
  startedAt: number;
  /** Last event linked to it; an encounter idle longer than ENCOUNTER_IDLE_MS is over. */
  lastAt: number;
}

/** A consultation with nothing happening for this long is over (the next patient came). */
export const ENCOUNTER_IDLE_MS = 90 * 60 * 1000;

/**
 * How long after a consultation's last event in the practice program a deposit or a read on the
 * DMP web access, in another tab, still belongs to it. A doctor deposits a letter during the
 * consultation or right after it; past this, the next patient is probably in.
 */
export const CONSULTATION_LINK_MS = 30 * 60 * 1000;

/** The consultation a DMP web access event joins at `now`: the one touched last, if recent. */
export function linkableConsultation(
  state: EncounterState | null | undefined,
  now: number,
): EncounterState | undefined {
  if (!state || now < state.lastAt || now - state.lastAt > CONSULTATION_LINK_MS) return undefined;
  return state;
}

/** The tab's encounter if it is still going on at `now`. */
export function liveEncounter(state: EncounterState | undefined, now: number): EncounterState | undefined {
  if (!state || now - state.lastAt > ENCOUNTER_IDLE_MS) return undefined;
  return state;
}

export function startEncounter(
  site: string,
  now: number,
  newId: () => string = () => crypto.randomUUID(),
): EncounterState {
  return { id: newId(), site, startedAt: now, lastAt: now };
}

/**
 * The encounter an event joins: the live one (touched), or none. An `encounter` event itself
 * (billing, consultation validated) opens one when none is live, so that it is always linked.
 */
export function joinEncounter(
  state: EncounterState | undefined,
  kind: EventKind,
  site: string,
  now: number,
  newId?: () => string,
): EncounterState | undefined {
  const live = liveEncounter(state, now);
  if (live) return { ...live, lastAt: now };
  return kind === 'encounter' ? startEncounter(site, now, newId) : undefined;
}

/** The id of the `encounter` event of an encounter: one consultation counts once, however signalled. */
export function encounterEventId(encounterId: string): string {
  return `enc:${encounterId}`;
}

/** Counts of an encounter's events that were not undone, for the overlay. */
export function encounterCounts(
  events: readonly DmpEvent[],
  encounterId: string,
): Partial<Record<EventKind, number>> {
  const counts: Partial<Record<EventKind, number>> = {};
  for (const e of events)
    if (e.encounter === encounterId && !e.undone) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  return counts;
}

/** Per-tab encounters; the background keeps them in storage.session (encounterItem, lib/storage/items.ts). */
export interface EncounterStore {
  get(tabId: number): Promise<EncounterState | undefined>;
  set(tabId: number, state: EncounterState): Promise<void>;
  delete(tabId: number): Promise<void>;
}
