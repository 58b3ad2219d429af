import type { DocClass } from '../domain/doc-classes';
import type { DmpEvent, EventKind, EventSource } from '../domain/events';
import type { KindCounts } from '../domain/summary';
import type { RateGlance } from '../domain/feeding-rate';
import type { TaughtRule } from '../domain/rules';
import type { DataProblem, RestoreSummary } from '../domain/backup-extension';
import type { Diagnostic } from '../domain/diagnostic';
import type { CostlyKind } from '../domain/costly-acts';

/**
 * What the background answers, message by message (lib/messaging/protocol.ts says which reply
 * goes with which message). Pages and components import these types from here, never from
 * lib/background.
 */

/** Every refusal or failure: a short reason (never page text), sometimes a code for the UI. */
export interface Failure {
  ok: false;
  error: string;
  code?: string;
}

/** What the overlay and popup are told about a counted event: no more than they show. */
export interface CountedEvent {
  id: string;
  kind: DmpEvent['kind'];
  docClass?: DmpEvent['docClass'];
  source: EventSource;
}

/** Counts of the tab's encounter (consultation), kind by kind. */
export type EncounterCounts = Partial<Record<EventKind, number>>;

/** Recording, undo, redo, add by hand, today's counts. */
export type EventReply =
  | {
      ok: true;
      counted?: CountedEvent[];
      today?: KindCounts;
      /** The month's feeding rate, for the overlay (the popup's figure). */
      month?: RateGlance;
      event?: CountedEvent | null;
      /** On a practice-program page with a consultation going on. */
      encounterCounts?: EncounterCounts;
    }
  | Failure;

/** An attempt a page hands back to the background when it unloads, to finish on a later page load. */
export interface CarriedAttempt {
  attemptId: string;
  adapterId: string;
  ruleId: string;
  startedAt: number;
  docClass?: DocClass;
}

/** A practice-program page's first word: whether it is listened to, and what it resumes. */
export type HelloReply =
  | (Extract<EventReply, { ok: true }> & {
      enabled?: boolean;
      taught?: TaughtRule[];
      carried?: CarriedAttempt[];
      /** What counts as a costly act under the chosen profile (rules with `textFrom`). */
      costlyActs?: CostlyKind[];
    })
  | Failure;

/** Whatever a practice-program page or the dashboard's sites and rules section is answered. */
export type ProgramReply = HelloReply;

/** A plain acknowledgement. */
export type OkReply = { ok: true } | Failure;

/** The diagnostic the dashboard saves as a file (lib/domain/diagnostic.ts). */
export type DiagnosticReply = { ok: true; diagnostic: Diagnostic } | Failure;

export type TimeReply = { ok: true; timerStartedAt?: number | null; counting?: boolean } | Failure;

/**
 * A restore or erase refusal carries `error`, the reason in technical words (logs), and, when
 * the user should read it, `problem`, which the dashboard words in the user's language.
 */
export type DataReply =
  { ok: true; restored?: RestoreSummary; erased?: boolean } | (Failure & { problem?: DataProblem });

export type { RestoreSummary };
