// shared/time: the zones Festime's terminals may report, day arithmetic that follows summer time,
// and the impossible dates and times every schema refuses.
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  dayOfWeek,
  daysBetween,
  daysOfMonth,
  DEFAULT_SITE_ZONE,
  instantOf,
  isoDateSchema,
  lastDayOf,
  localDateTimeSchema,
  minuteOfDayIn,
  mondayOf,
  monthSchema,
  timeSchema,
  todayIn,
  wallClockAt,
  yearsBefore,
  zoneClock,
  zoneFromTerminal,
  zoneSettingSchema,
} from '../../shared/time';
import { fieldIssues } from '../../shared/validation';

const HOUR = 3_600_000;

describe('zoneFromTerminal', () => {
  it.each([
    ['France', 'Europe/Paris'],
    ['FRANCE', 'Europe/Paris'],
    [' france ', 'Europe/Paris'],
    ['Paris', 'Europe/Paris'],
    ['La Réunion', 'Indian/Reunion'],
    ['Réunion', 'Indian/Reunion'],
    ['la-reunion', 'Indian/Reunion'],
    ['LA RÉUNION', 'Indian/Reunion'],
    ['Guadeloupe', 'America/Guadeloupe'],
    ['Martinique', 'America/Martinique'],
    ['Guyane', 'America/Cayenne'],
    ['Guyane française', 'America/Cayenne'],
    ['Mayotte', 'Indian/Mayotte'],
    ['Nouvelle-Calédonie', 'Pacific/Noumea'],
    ['nouvelle  caledonie', 'Pacific/Noumea'],
    ['Polynésie', 'Pacific/Tahiti'],
    ['Polynésie française', 'Pacific/Tahiti'],
    ['Polynesie-Francaise', 'Pacific/Tahiti'],
    ['France (UTC+01:00)', 'Europe/Paris'],
    ['Indian/Reunion', 'Indian/Reunion'],
    ['america/guadeloupe', 'America/Guadeloupe'],
    ['Europe/Brussels', 'Europe/Brussels'],
  ])('%s → %s', (text, zone) => {
    expect(zoneFromTerminal(text)).toBe(zone);
  });

  it.each(['', 'Mars', 'Europe/Atlantis', 'UTC+1', '+01:00', 'GMT+4', '../etc/passwd'])('%j is not a zone', (text) => {
    expect(zoneFromTerminal(text)).toBeNull();
  });

  it('every zone it maps to is one the runtime knows', () => {
    for (const text of ['France', 'Réunion', 'Guadeloupe', 'Martinique', 'Guyane', 'Mayotte', 'Nouvelle-Calédonie', 'Polynésie']) {
      expect(() => new Intl.DateTimeFormat('fr', { timeZone: zoneFromTerminal(text)! })).not.toThrow();
    }
    expect(DEFAULT_SITE_ZONE).toBe('Europe/Paris');
  });
});

describe('calendar days', () => {
  it('adds and counts days across months, years and leap days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30'); // Paris changes time that weekend: a day is still a day
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(daysBetween('2026-03-30', '2026-03-01')).toBe(-29);
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(lastDayOf('2028-02')).toBe('2028-02-29');
    expect(daysOfMonth('2026-02')).toHaveLength(28);
    expect(daysOfMonth('2026-03').at(-1)).toBe('2026-03-31');
    expect(yearsBefore('2028-02-29', 1)).toBe('2027-02-28');
  });

  it('knows the day of the week and the Monday of a civil week', () => {
    expect(dayOfWeek('2026-03-29')).toBe(0); // a Sunday
    expect(dayOfWeek('2026-03-30')).toBe(1);
    expect(mondayOf('2026-03-29')).toBe('2026-03-23');
    expect(mondayOf('2026-03-30')).toBe('2026-03-30');
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
  });
});

describe('wall-clock time in a zone, summer time true', () => {
  it('a night across the spring change in Paris lasts an hour less; in La Réunion (no summer time) it does not', () => {
    const paris = instantOf('2026-03-29T06:00', 'Europe/Paris') - instantOf('2026-03-28T22:00', 'Europe/Paris');
    const reunion = instantOf('2026-03-29T06:00', 'Indian/Reunion') - instantOf('2026-03-28T22:00', 'Indian/Reunion');
    expect(paris / HOUR).toBe(7);
    expect(reunion / HOUR).toBe(8);
    expect((instantOf('2026-10-25T06:00', 'Europe/Paris') - instantOf('2026-10-24T22:00', 'Europe/Paris')) / HOUR).toBe(9);
  });

  it('converts both ways, as luxon does, also inside the skipped hour', () => {
    const t = Date.parse('2026-07-14T10:15:30Z');
    expect(wallClockAt(t, 'Europe/Paris')).toBe('2026-07-14T12:15:30');
    expect(wallClockAt(t, 'Indian/Reunion')).toBe('2026-07-14T14:15:30');
    expect(wallClockAt(t, 'America/Guadeloupe')).toBe('2026-07-14T06:15:30');
    expect(wallClockAt(t, 'Pacific/Noumea')).toBe('2026-07-14T21:15:30');
    expect(instantOf('2026-07-14T14:15:30', 'Indian/Reunion')).toBe(t);
    expect(wallClockAt(instantOf('2026-03-29T02:30', 'Europe/Paris'), 'Europe/Paris')).toBe('2026-03-29T03:30:00');
    const clock = zoneClock('Europe/Paris');
    expect(clock.at('2026-03-29', '24:00') - clock.at('2026-03-29', '00:00')).toBe(23 * HOUR);
    expect(clock.day(Date.parse('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
  });

  it('the hour repeated when clocks go back names two instants (the first taken), the hour skipped in spring none', () => {
    const clock = zoneClock('Europe/Paris');
    expect(clock.readings('2026-10-25T02:30').map((t) => new Date(t).toISOString())).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']);
    expect(clock.readings('2026-10-25T02:30').map((t) => clock.offset(t))).toEqual(['+02:00', '+01:00']);
    expect(instantOf('2026-10-25T02:30', 'Europe/Paris')).toBe(Date.parse('2026-10-25T00:30:00Z'));
    expect(clock.readings('2026-10-25T03:00')).toHaveLength(1);
    expect(clock.readings('2026-10-25T01:59:59')).toHaveLength(1);
    expect(clock.readings('2027-03-28T02:30:00')).toEqual([]);
    expect(clock.readings('2027-03-28T03:00:00')).toEqual([Date.parse('2027-03-28T01:00:00Z')]);
    // No summer time in La Réunion: the same night is an ordinary one.
    expect(zoneClock('Indian/Reunion').readings('2026-10-25T02:30')).toHaveLength(1);
  });

  it('"today" is the site’s: at 21:30 UTC La Réunion is already tomorrow, Paris is not', () => {
    const now = new Date('2026-03-29T21:30:00Z');
    expect(todayIn('Europe/Paris', now)).toBe('2026-03-29');
    expect(todayIn('Indian/Reunion', now)).toBe('2026-03-30');
    expect(todayIn('America/Guadeloupe', new Date('2026-03-30T02:30:00Z'))).toBe('2026-03-29');
    expect(minuteOfDayIn('Indian/Reunion', now)).toBe(90);
  });
});

describe('the impossible is refused, by every schema, with a rule the app translates', () => {
  const rules = (schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: string) => {
    const r = schema.safeParse(value);
    return r.success ? null : fieldIssues(r.error as never).map((i) => i.rule);
  };

  it('isoDateSchema', () => {
    for (const ok of ['2026-02-28', '2028-02-29', '2026-12-31']) expect(rules(isoDateSchema, ok)).toBeNull();
    for (const bad of ['2026-02-30', '2026-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-4-1', '26-04-01', '2026-04-01T10:00', '']) {
      expect(rules(isoDateSchema, bad)).toEqual(['date']);
    }
  });

  it('monthSchema', () => {
    for (const ok of ['2026-01', '2026-12']) expect(rules(monthSchema, ok)).toBeNull();
    for (const bad of ['2026-13', '2026-00', '2026-1', '2026-10-01', 'octobre']) expect(rules(monthSchema, bad)).toEqual(['date']);
  });

  it('timeSchema', () => {
    for (const ok of ['00:00', '06:00', '23:59']) expect(rules(timeSchema, ok)).toBeNull();
    for (const bad of ['25:00', '17:61', '24:00', '7:00', '07:00:00', '']) expect(rules(timeSchema, bad)).toEqual(['time']);
  });

  it('localDateTimeSchema: the part that is wrong names the rule', () => {
    expect(rules(localDateTimeSchema, '2026-03-01T10:00')).toBeNull();
    expect(rules(localDateTimeSchema, '2026-02-30T10:00')).toEqual(['date']);
    expect(rules(localDateTimeSchema, '2026-13-01T10:00')).toEqual(['date']);
    expect(rules(localDateTimeSchema, '2026-03-01T25:00')).toEqual(['time']);
    expect(rules(localDateTimeSchema, '2026-03-01T17:61')).toEqual(['time']);
    expect(rules(localDateTimeSchema, '2026-03-01T25:61')).toEqual(['time']);
    expect(rules(localDateTimeSchema, '2026-03-01 10:00')).toEqual(['date']);
  });

  it('zoneSettingSchema: auto, a French site’s zone by IANA name or as a terminal says it; nothing else', () => {
    expect(zoneSettingSchema.parse('auto')).toBe('auto');
    expect(zoneSettingSchema.parse('Indian/Reunion')).toBe('Indian/Reunion');
    expect(zoneSettingSchema.parse('Guadeloupe')).toBe('America/Guadeloupe');
    expect(rules(zoneSettingSchema, 'Mars')).toEqual(['zone']);
    expect(rules(zoneSettingSchema, 'UTC+4')).toEqual(['zone']);
    // A real zone, but not a French site's: its half-hour changes are beyond the per-hour offset cache.
    expect(rules(zoneSettingSchema, 'Australia/Adelaide')).toEqual(['zone']);
  });
});
