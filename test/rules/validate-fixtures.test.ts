// Each case under test/fixtures/rules/<case>/ is the base desk (base/) with one kind of mistake: the
// case folder holds only the files it changes, whole (see test/support/desk-fixture.ts); the table pins
// exactly what `repodesk validate` tells the user, line:col included.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadRules } from '../../src/rules/load-rules.ts';
import { deskFixture } from '../support/desk-fixture.ts';

const now = new Date('2026-11-22T12:00:00Z');
const fixtures = 'test/fixtures/rules';
/** The fixture roots: every folder of test/fixtures/rules/ (its README is not one). */
const roots = readdirSync(fixtures, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const cases: [string, string[]][] = [
  [
    'bad-hours',
    [
      'rules/sla.yaml:7:28 error calendars[0].hours.tue[1]: range "11:30-14:00" overlaps "09:00-12:00" on tue; merge them or fix one of them',
      'rules/sla.yaml:8:13 error calendars[0].hours.wed[0]: empty range "18:00-09:00": the start must be before the end; for hours past midnight, end this day at 24:00 and start the next at 00:00',
    ],
  ],
  [
    'bad-regex',
    [
      'rules/routing.yaml:9:33 error rules[1].when.all[1].subject.matches: invalid regular expression "INV-(\\\\d+": Unterminated group; fix the pattern (or use `contains:` for plain words)',
    ],
  ],
  [
    'bad-timezone',
    [
      'rules/sla.yaml:4:15 error calendars[0].timezone: unknown timezone "Europe/Pariss" (did you mean "Europe/Paris"?); expected an IANA timezone name such as Europe/Paris, America/Montreal or UTC',
      'rules/teams.yaml:10:15 error agents[1].timezone: unknown timezone "Mars/Olympus"; expected an IANA timezone name such as Europe/Paris, America/Montreal or UTC',
    ],
  ],
  [
    'deep-type-error',
    [
      'rules/routing.yaml:9:34 error rules[1].when.all[1].subject.contains: expected a list, found "facture"; write it as a list: [facture]',
    ],
  ],
  [
    'duplicate-ids',
    [
      'rules/customers.yaml:11:31 error organisations[1].domains[1]: domain "acme.example" is already claimed by organisation "acme" (organisations[0]); a domain belongs to one organisation, remove it from one of them',
      'rules/desk.yaml:16:11 error priorities[2].id: duplicate priority id "urgent" (also priorities[0]); priority ids must be unique, rename or remove one',
      'rules/replies/ack.fr.md:2:1 error id: duplicate reply "ack" in fr (also rules/replies/ack-copy.fr.md); rename one id',
      'rules/routing.yaml:11:9 error rules[2].id: duplicate rule id "vip" (also rules[0]); rule ids must be unique, rename or remove one',
      'rules/teams.yaml:21:9 error teams[1].id: duplicate team id "billing" (also teams[0]); team ids must be unique, rename or remove one',
    ],
  ],
  [
    'form-duplicate-id',
    [
      'rules/forms/contact.yml:1:1 error duplicate form id "contact": rules/forms/ has both contact.yaml and contact.yml; the form id is the file name, keep one file',
    ],
  ],
  [
    'form-github-rules',
    [
      'rules/forms/contact.yaml:6:33 error body[0].attributes.render: GitHub refuses this in an issue form (.github/ISSUE_TEMPLATE/): unknown key "render"; GitHub accepts `render` only on a textarea; change the type to textarea or remove `render`; known keys: label, description, placeholder, value',
      'rules/forms/info.yaml:8:48 error body[1].attributes.options[1]: GitHub reserves the option "None" (it adds it to optional dropdowns); remove it or reword it',
      'rules/forms/info.yaml:14:21 error repodesk.descriptionField: expected a field of type input or textarea, found "choice" of type dropdown; candidates: (none)',
      'rules/forms/notice.yaml:4:3 error body: a form needs at least one field besides markdown (input, textarea, dropdown or checkboxes)',
      'rules/forms/notice.yaml:10:17 error repodesk.subjectField: unknown field "title"; known input/textarea/dropdown fields: (none)',
      'rules/forms/notice.yaml:11:21 error repodesk.descriptionField: unknown field "details"; known input/textarea fields: (none)',
    ],
  ],
  [
    'github-forms',
    [
      'bug-report',
      'docs',
      'feature-request',
      'incident',
      'performance',
      'question',
      'regression',
      'security',
    ].map(
      (form) =>
        `rules/forms/${form}.yml:1:1 warning repodesk.translations: no "en" translation; the form is shown in fr to en readers; add repodesk.translations.en`,
    ),
  ],
  [
    'github-forms-refused',
    [
      'rules/forms/bug.yml:3:1 error milestone: unknown key "milestone"; known keys: name, description, title, labels, assignees, projects, type, body, repodesk',
      'rules/forms/bug.yml:8:5 error body[0].id: unknown key "id"; GitHub issue forms allow no `id` on a markdown item; remove it and give the translated text in `repodesk.translations.<lang>.markdown` (one entry per markdown item, in order); known keys: type, attributes',
      'rules/forms/sign-in.yml:1:1 warning repodesk.translations: no "en" translation; the form is shown in fr to en readers; add repodesk.translations.en',
      'rules/forms/sign-in.yml:8:7 error body[0].attributes.render: GitHub refuses this in an issue form (.github/ISSUE_TEMPLATE/): unknown key "render"; GitHub accepts `render` only on a textarea; change the type to textarea or remove `render`; known keys: label, description, placeholder, value',
      'rules/forms/sign-in.yml:11:14 error body[1].attributes.label: GitHub refuses this in an issue form (.github/ISSUE_TEMPLATE/): the word "password" is not allowed in the label of an input or textarea (GitHub keeps credentials out of issues); reword the label',
      'rules/forms/sign-in.yml:16:26 error body[2].attributes.options[1]: GitHub reserves the option "None" (it adds it to optional dropdowns); remove it or reword it',
    ],
  ],
  [
    'localised-texts',
    [
      'rules/customers.yaml:3:22 warning tiers[1].name: no "en" text; en readers see fr; add en: …',
      'rules/desk.yaml:27:11 warning categories[1].name: no "en" text; en readers see fr, de; add en: …',
      'rules/desk.yaml:27:30 warning categories[1].name.de: "de" is not a desk language (fr, en); this text is never shown, remove it or add the language to desk.yaml',
    ],
  ],
  [
    'form-item-type',
    [
      'rules/forms/contact.yaml:11:11 error body[2].type: expected one of markdown, input, textarea, dropdown, checkboxes; found "radio"',
    ],
  ],
  [
    'form-problems',
    [
      'rules/forms/contact.yaml:13:70 error body[2].attributes.default: default 2 is out of range: the dropdown has 2 options, so default must be 0 to 1',
      'rules/forms/contact.yaml:15:9 error body[3].id: duplicate field id "details" (also body[1]); field ids must be unique in a form, rename one',
    ],
  ],
  [
    'form-translation',
    [
      'rules/forms/contact.yaml:26:41 error repodesk.translations.en.body.topic.options: expected 2 translated options (as many as body[2], in the same order), found 1',
      'rules/forms/contact.yaml:27:9 error repodesk.translations.en.body.other: unknown field "other"; known fields: subject, details, topic',
      'rules/forms/contact.yaml:28:5 error repodesk.translations.fr: translation into "fr", the language of the file itself; remove it',
    ],
  ],
  [
    'hours-format',
    [
      'rules/sla.yaml:7:13 error calendars[0].hours.tue[0]: expected a value like 09:00-12:30; found "9h-18h"',
    ],
  ],
  [
    'kb-broken-frontmatter',
    [
      'kb/en/invoice.md:8:13 error visibility: expected one of public, internal; found "secret"',
      'kb/en/invoice.md:9:8 error draft: expected true or false, found "no"',
      'kb/en/invoice.md:10:17 error tags[1]: duplicate item "billing" (also item 0); remove one of them',
      'kb/en/invoice.md:11:10 error related: expected a list, found "invoice"; write it as a list: [invoice]',
      'kb/fr/facture.md:2:1 error missing required key "summary" (One or two sentences shown in search results and lists); add for example `summary: Réinitialisez votre mot de passe en deux minutes.`',
      'kb/fr/non-ferme.md:6:1 error unclosed frontmatter: no closing `---` line after the fields; add one before the body',
      'kb/fr/sans-entete.md:1:1 error expected a YAML frontmatter: the file must start with a `---` line, the fields, then a closing `---` line',
    ],
  ],
  [
    'kb-duplicate-slug',
    [
      'kb/fr/archives/facture.md:6:17 warning translationKey: no en translation of "old-invoice"; add kb/en/<slug>.md with translationKey: old-invoice',
      'kb/fr/facture.md:1:1 error duplicate slug "facture" in kb/fr/ (also kb/fr/archives/facture.md); slugs are URLs and must be unique per language, rename one file',
    ],
  ],
  [
    'kb-missing-link',
    [
      'kb/en/password.md:10:26 error link "../fr/mot-de-pase.md" points to a missing article: no article "mot-de-pase" in kb/fr/; did you mean "mot-de-passe"?',
      'kb/en/password.md:10:59 error link "./invoices.md#top" points to a missing article: no article "invoices" in kb/en/; did you mean "invoice"?',
      'kb/en/password.md:11:12 error link "/en/articles/passwrd/" points to a missing article: no article "passwrd" in kb/en/; did you mean "password"?',
      'kb/en/password.md:17:8 error link "../../rules/README.md" points outside kb/<lang>/; link to an article as other-slug.md or ../en/other-slug.md',
      'kb/fr/mot-de-passe.md:8:11 error related[0]: no article "factures" in kb/fr/; did you mean "facture"?',
      'kb/fr/mot-de-passe.md:8:21 error related[1]: an article cannot be related to itself; remove "mot-de-passe"',
    ],
  ],
  [
    'kb-missing-translation',
    [
      'kb/fr/facture.md:6:17 warning translationKey: no en translation of "invoice"; add kb/en/<slug>.md with translationKey: invoice',
    ],
  ],
  [
    'kb-review-overdue',
    [
      'kb/fr/facture.md:8:11 warning reviewBy: review overdue since 2026-11-01; check the article is still right, then set reviewBy to a later date',
    ],
  ],
  [
    'kb-unpublished-link',
    [
      'kb/en/password.md:8:11 warning related[0]: "invoice" is an internal article, not on the public help site; remove it or publish that article',
      'kb/en/password.md:11:64 warning link "invoice.md" points to an internal article, not on the public help site; remove the link or publish that article',
      'kb/fr/mot-de-passe.md:8:11 warning related[0]: "facture" is an internal article, not on the public help site; remove it or publish that article',
      'kb/fr/mot-de-passe.md:11:27 warning link "facture.md" points to an internal article, not on the public help site; remove the link or publish that article',
    ],
  ],
  [
    'kb-wrong-lang',
    [
      'kb/de/passwort.md:1:1 error unknown language folder "de"; known languages (desk.yaml): fr, en',
      'kb/en/invoice.md:5:7 error lang: expected lang "en" (the folder of the file), found "fr"; fix lang or move the file to kb/fr/',
      'kb/fr/facture.md:6:17 error translationKey: translationKey "invoice" is already used by kb/en/invoice.md in fr; each language has one article per key, change one of them',
      'kb/orphan.md:1:1 error an article must be in a language folder: move it to kb/<lang>/ (e.g. kb/fr/)',
    ],
  ],
  [
    'missing-file',
    [
      'rules/customers.yaml:1:1 error missing file: rules/ must contain customers.yaml (see rules/README.md for its fields)',
    ],
  ],
  [
    'missing-ics',
    [
      "rules/sla.yaml:8:5 warning calendars[0].holidays: holidays listed until 2026-12-25; add next year's (after that date, SLA clocks count holidays as working days)",
      'rules/sla.yaml:10:17 error calendars[0].holidays[1].date: "2026-02-30" is not a real date; expected YYYY-MM-DD',
      'rules/sla.yaml:11:10 error calendars[0].ics: ICS file "rules/calendars/feries.ics" not found; the path is relative to rules/ (e.g. calendars/holidays.ics), fix it or remove `ics`',
    ],
  ],
  [
    'reply-problems',
    [
      'rules/replies/ack.en.md:2:1 warning id: reply "ack" has no "en" version; en requesters get it in fr; add rules/replies/ack.en.md',
      'rules/replies/ack.en.md:3:7 error lang: expected lang "en" as in the file name, found "fr"; fix lang or rename the file',
      'rules/replies/ack.fr.md:2:1 error id: duplicate reply "ack" in fr (also rules/replies/ack.en.md); rename one id',
      'rules/replies/ack.fr.md:5:9 error unknown variable {{requester.firstname}} (did you mean {{requester.firstName}}?); known variables: requester.name, requester.firstName, requester.email, ticket.ref, ticket.title, ticket.statusUrl, ticket.status, agent.name, desk.name, desk.siteUrl',
      'rules/replies/ack.fr.md:7:33 error unknown variable {{ticket.priority}}; known variables: requester.name, requester.firstName, requester.email, ticket.ref, ticket.title, ticket.statusUrl, ticket.status, agent.name, desk.name, desk.siteUrl',
      'rules/replies/welcome.md:1:1 error expected a file name like <id>.<lang>.md (e.g. password-reset.fr.md); rename the file',
      'rules/replies/welcome.md:2:1 error missing required key "id" (Shared by the translations of one reply; routing rules name it in `then.reply`. When omitted: the file name without `.<lang>.md`. Lowercase letters, digits and `-`); add for example `id: password-reset`',
    ],
  ],
  [
    'unknown-enum',
    [
      'rules/routing.yaml:12:31 error rules[2].then.assign: expected one of round-robin, least-open, skills, none; found "round-robbin" (did you mean "round-robin"?)',
    ],
  ],
  [
    'unknown-key',
    [
      'rules/routing.yaml:12:13 error rules[2].then.tema: unknown key "tema"; did you mean "team"? known keys: labels, tags, priority, type, team, assignees, assign, reply, repository, stop',
    ],
  ],
  [
    'unknown-references',
    [
      'kb/en/invoice.md:4:11 error category: unknown category "invoices"; known categories (desk.yaml): access, billing',
      'rules/customers.yaml:12:11 error organisations[1].tier: unknown tier "premium"; known tiers: standard, vip',
      'rules/customers.yaml:13:18 error organisations[1].defaultTeam: unknown team "sales"; known teams: billing, it',
      'rules/desk.yaml:31:24 error lifecycle.calendar: unknown calendar "berlin"; known calendars (sla.yaml): paris',
      'rules/forms/contact.yaml:15:13 error repodesk.category: unknown category "biling" (did you mean "billing"?); known categories (desk.yaml): access, billing',
      'rules/forms/contact.yaml:16:9 error repodesk.type: unknown type "request"; known types (desk.yaml): incident, question',
      'rules/routing.yaml:5:19 error rules[0].when.any[0].tier: unknown tier "gold"; known tiers: standard, vip',
      'rules/routing.yaml:6:19 error rules[0].when.any[1].form: unknown form "contct" (did you mean "contact"?); known forms: contact',
      'rules/routing.yaml:7:34 error rules[0].when.any[2].organisation[1]: unknown organisation "initech"; known organisations: acme, globex',
      'rules/routing.yaml:8:22 error rules[0].when.any[3].channel: unknown channel "fax"; known channels: web, email, github, alert, phone',
      'rules/routing.yaml:9:26 error rules[0].when.any[4].field.id: unknown form field "topik" (did you mean "topic"?); known form fields: subject, details, topic',
      'rules/routing.yaml:10:23 error rules[0].then.priority: unknown priority "critical"; known priorities: urgent, normal',
      'rules/routing.yaml:10:39 error rules[0].then.type: unknown type "bug"; known types: incident, question',
      'rules/routing.yaml:10:56 error rules[0].then.assignees[0]: unknown agent "camile" (did you mean "camille"?); known agents: camille, hugo',
      'rules/routing.yaml:10:72 error rules[0].then.reply: unknown reply "missing-reply"; known replies (rules/replies/): ack',
      'rules/sla.yaml:11:23 error policies[0].when.priority: unknown priority "urgnt" (did you mean "urgent"?); known priorities: urgent, normal',
      'rules/sla.yaml:12:15 error policies[0].calendar: unknown calendar "pariss" (did you mean "paris"?); known calendars: paris',
      'rules/teams.yaml:24:21 error teams[1].members[1]: unknown agent "zoe"; known agents (add it under agents): camille, hugo',
      'rules/teams.yaml:25:24 error teams[1].escalationContact: unknown agent "max"; known agents: camille, hugo',
      'rules/teams.yaml:26:15 error teams[1].calendar: unknown calendar "lyon"; known calendars (sla.yaml): paris',
    ],
  ],
  [
    'unknown-team',
    [
      'rules/routing.yaml:10:19 error rules[1].then.team: unknown team "billng" (did you mean "billing"?); known teams: billing, it',
    ],
  ],
  [
    'unreachable-rule',
    [
      'rules/routing.yaml:9:11 error rules[2].when: rule "vip-again" can never run: rules[1] ("vip-stop") has the same `when` and `stop: true`; merge the two rules or change one condition',
      'rules/routing.yaml:13:9 error rules[4].id: rule "invoices" can never run: rules[3] ("catch-all") has no `when` and `stop: true`, so evaluation always stops before; move this rule above it or remove that `stop`',
    ],
  ],
  [
    'yaml-syntax',
    [
      'rules/routing.yaml:12:11 error invalid YAML: Flow map in block collection must be sufficiently indented and end with a } (BAD_INDENT); the `{` opened here is not closed: add the closing `}` (or write the block on several indented lines)',
    ],
  ],
  [
    'yaml-syntax-kb',
    [
      "kb/en/invoice.md:3:10 error invalid YAML: Missing closing 'quote (MISSING_CHAR); close the quote or bracket opened here",
    ],
  ],
  [
    'yaml-duplicate-key',
    [
      'rules/customers.yaml:9:5 error invalid YAML: duplicate key "name" (DUPLICATE_KEY); this key already appears above in the same map; keep one of the two',
    ],
  ],
  [
    'kb-snake-case-key',
    [
      'kb/fr/facture.md:8:1 error review_by: unknown key "review_by"; did you mean "reviewBy"? known keys: title, summary, category, tags, lang, translationKey, updated, reviewBy, visibility, draft, aliases, related',
    ],
  ],
  [
    'sla-policy-problems',
    [
      'rules/sla.yaml:16:15 error policies[0].escalation[1].at: expected escalation steps in increasing `at`; found 75 after 100; reorder the steps',
      'rules/sla.yaml:19:11 error policies[1].when: policy "urgent-again" never applies: policies[0] ("urgent") has the same `when` and applies first; merge them or change one condition',
      'rules/sla.yaml:26:14 error policies[2].targets: no target: set at least one of firstResponse, nextResponse, resolution (e.g. firstResponse: 4h)',
      'rules/sla.yaml:31:9 error policies[4].id: policy "incidents" never applies: policies[3] ("standard") has no `when` and matches every ticket first; move this policy above it',
    ],
  ],
  [
    'calendar-problems',
    [
      'rules/sla.yaml:11:17 warning calendars[0].holidays[2].date: holiday 2027-05-01 is listed twice; remove one',
      'rules/sla.yaml:12:10 warning calendars[0].ics: ICS file "rules/calendars/reunions.ics" has no all-day events (DTSTART;VALUE=DATE:YYYYMMDD); no holiday is taken from it',
      'rules/sla.yaml:13:5 error calendars[1]: calendar "weekend" is never open: add `hours` (e.g. mon: [\'09:00-18:00\']) or `alwaysOpen: true`',
      'rules/sla.yaml:21:12 warning calendars[2].hours: hours are ignored because `alwaysOpen: true`; remove one of the two',
    ],
  ],
  [
    'teams-problems',
    [
      'rules/teams.yaml:8:35 error agents[0].outOfOffice[0].to: "to" (2026-12-21) is before "from" (2027-01-08); swap them',
      'rules/teams.yaml:15:21 error agents[1].languages[1]: unknown language "de"; known languages (desk.yaml): fr, en',
      'rules/teams.yaml:16:12 error agents[2].login: duplicate agent login "Camille" (also agents[0] as "camille", the same ignoring case); agent logins must be unique, rename or remove one',
    ],
  ],
  [
    'kb-bad-slug',
    [
      'kb/en/Invoice_Copy.md:1:1 error file name "Invoice_Copy.md" is not a valid slug: use lowercase letters, digits and single dashes (it becomes the URL /en/articles/<slug>/)',
    ],
  ],
  [
    'form-languages',
    [
      'rules/forms/contact.yaml:15:3 warning repodesk.translations: no "en" translation; the form is shown in fr to en readers; add repodesk.translations.en',
      'rules/forms/kontakt.yaml:13:9 error repodesk.lang: unknown language "de"; known languages (desk.yaml): fr, en',
      'rules/forms/kontakt.yaml:16:3 warning repodesk.translations: no "fr" translation; the form is shown in de to fr readers; add repodesk.translations.fr',
    ],
  ],
  [
    'desk-unknown-defaults',
    [
      'rules/customers.yaml:13:15 error organisations[1].language: unknown language "es" (did you mean "en"?); known languages (desk.yaml): fr, en',
      'rules/desk.yaml:16:18 error defaultPriority: unknown priority "medium"; known priorities: urgent, normal',
      'rules/desk.yaml:20:14 error defaultType: unknown type "request"; known types: incident, question',
    ],
  ],
  [
    'duplicate-ids-more',
    [
      'rules/customers.yaml:4:11 error tiers[2].id: duplicate tier id "standard" (also tiers[0]); tier ids must be unique, rename or remove one',
      'rules/customers.yaml:14:9 error organisations[2].id: duplicate organisation id "acme" (also organisations[0]); organisation ids must be unique, rename or remove one',
      'rules/desk.yaml:20:11 error types[2].id: duplicate type id "incident" (also types[0]); type ids must be unique, rename or remove one',
      'rules/desk.yaml:31:9 error categories[2].id: duplicate category id "access" (also categories[0]); category ids must be unique, rename or remove one',
      'rules/sla.yaml:8:9 error calendars[1].id: duplicate calendar id "paris" (also calendars[0]); calendar ids must be unique, rename or remove one',
      'rules/sla.yaml:19:9 error policies[1].id: duplicate policy id "urgent" (also policies[0]); policy ids must be unique, rename or remove one',
      'rules/teams.yaml:14:12 error agents[2].login: duplicate agent login "hugo" (also agents[1]); agent logins must be unique, rename or remove one',
    ],
  ],
  [
    'structure-desk',
    [
      'rules/desk.yaml:2:13 error repository: expected a value like lumen/support; found "lumen"',
      'rules/desk.yaml:5:12 error languages: expected a list, found "fr"; write it as a list: [fr]',
      'rules/desk.yaml:6:1 error statuses: missing required key "closed" (The `closed` status: finished (the issue is closed)); add for example `closed: { label: "status: closed", name: { fr: Fermée, en: Closed } }`',
      'rules/desk.yaml:29:18 error mail.address: expected a value like aide@lumen.example; found "aide.lumen.example"',
      'rules/desk.yaml:29:78 error mail.reopenWindowDays: expected a number ≥ 0, found the number -1',
      'rules/desk.yaml:30:56 error lifecycle.pendingReminderDays: unknown key "pendingReminderDays"; did you mean "pendingReminderAfterDays"? known keys: pendingReminderAfterDays, pendingCloseAfterDays, resolvedCloseAfterDays, skipLabel, calendar',
      'rules/desk.yaml:31:27 error privacy.retentionDays: expected a number ≥ 1, found the number 0',
      'rules/desk.yaml:31:46 error privacy.showAgentNames: expected true or false, found "yes"',
    ],
  ],
  [
    'structure-teams',
    [
      'rules/teams.yaml:2:12 error agents[0].login: expected a value like camille-martin; found "camille martin"',
      'rules/teams.yaml:4:15 error agents[0].capacity: expected a number ≥ 0, found the number -1',
      'rules/teams.yaml:7:7 error agents[0].workingHours.monday: unknown key "monday"; known keys: mon, tue, wed, thu, fri, sat, sun',
      'rules/teams.yaml:15:33 error agents[1].outOfOffice[0].to: expected a value like 2027-01-01; found "next week"',
      'rules/teams.yaml:16:16 error agents[1].languages: expected at least 1 item, found 0',
      'rules/teams.yaml:21:14 error teams[0].members: expected at least 1 item, found 0',
      'rules/teams.yaml:23:17 error teams[0].assignment: expected one of round-robin, least-open, skills, none; found "random"',
      'rules/teams.yaml:25:5 error teams[1]: missing required key "escalationContact" (Login (an agent) notified or assigned when an SLA target is breached); add for example `escalationContact: camille-martin`',
      'rules/teams.yaml:25:9 error teams[1].id: expected a value like billing; found "IT team"',
      'rules/teams.yaml:28:21 error teams[1].members[1]: duplicate item "hugo" (also item 0); remove one of them',
    ],
  ],
  [
    'structure-customers',
    [
      'rules/customers.yaml:3:22 error tiers[1].name: expected a map of keys, found "VIP"',
      'rules/customers.yaml:7:15 error organisations[0].domains[0]: expected a value like acme.example; found "ACME.example" (write it in lowercase)',
      'rules/customers.yaml:7:29 error organisations[0].domains[1]: expected a value like acme.example; found "@acme-group.example"',
      'rules/customers.yaml:9:5 error organisations[0].teams: unknown key "teams"; known keys: id, name, domains, tier, defaultTeam, language, survey',
      'rules/customers.yaml:10:5 error organisations[1]: missing required key "tier" (Tier id (from `tiers`)); add for example `tier: vip`',
      'rules/customers.yaml:12:14 error organisations[1].domains: expected a list, found "globex.example"; write it as a list: [globex.example]',
    ],
  ],
  [
    'sla-policy-team',
    [
      "rules/routing.yaml:12:13 error rules[2].when.team: unknown key \"team\"; a routing rule cannot test the team (only SLA policies can); test the team's label instead, e.g. `label: 'team: billing'`; known keys: all, any, not, channel, sender, form, subject, body, text, requester, organisation, tier, language, field, attachments, priority, type, label, severity, alert-label",
      'rules/sla.yaml:16:37 error policies[1].when.all[0].team[1]: unknown team "biling" (did you mean "billing"?); known teams: billing, it',
    ],
  ],
  [
    'sla-policy-request-key',
    [
      'rules/sla.yaml:14:13 error policies[0].when.any[1].subject: unknown key "subject"; an SLA policy is chosen from the issue after routing, where the request\'s subject is not known; test it in a routing rule that sets a label or a priority, and test that here; known keys: all, any, not, channel, sender, organisation, tier, language, priority, type, label, team',
    ],
  ],
  [
    'unreachable-subsumed',
    [
      'rules/routing.yaml:8:7 error rules[1].when: rule "vip-invoices" can never run: every ticket it matches also matches rules[0] ("vip"), which comes first and has `stop: true`; move this rule above it, or narrow that rule\'s `when`',
      'rules/routing.yaml:28:11 error rules[6].when: rule "globex-questions" can never run: every ticket it matches also matches rules[5] ("contact-or-globex"), which comes first and has `stop: true`; move this rule above it, or narrow that rule\'s `when`',
      'rules/sla.yaml:16:11 error policies[1].when: policy "urgent-vip" never applies: every ticket it matches also matches policies[0] ("urgent"), which comes first; move this policy above it, or narrow that policy\'s `when`',
    ],
  ],
  [
    'yaml-colon-in-text',
    [
      "rules/routing.yaml:3:18 error invalid YAML: Nested mappings are not allowed in compact mappings (BLOCK_AS_IMPLICIT_KEY); a `: ` inside a text starts a map: put the whole text in quotes (description: 'Note: …')",
    ],
  ],
  [
    'hours-and-holidays',
    [
      "rules/sla.yaml:8:5 warning calendars[0].holidays: holidays listed until 2027-01-01; add next year's (after that date, SLA clocks count holidays as working days)",
      "rules/sla.yaml:16:5 warning calendars[1].ics: holidays listed until 2026-12-08; add next year's (after that date, SLA clocks count holidays as working days)",
      'rules/teams.yaml:11:5 warning agents[1].workingHours: agent "hugo" has no working hours: round-robin, least-open and skills never pick them (naming them in `assignees` still works); add hours such as mon: [\'09:00-17:00\']',
    ],
  ],
  [
    'links-outside-kb',
    [
      'rules/forms/contact.yaml:6:14 error body[0].attributes.value: link "/fr/articles/factures/" points to a missing article: no article "factures" in kb/fr/; did you mean "facture"?',
      'rules/forms/contact.yaml:13:48 error body[2].attributes.description: link "mot-de-passe.md" names a file of kb/, which only articles can link to; link to the article\'s page, e.g. /fr/articles/<slug>/',
      'rules/replies/ack.en.md:7:85 error link "https://aide.lumen.example/en/articles/pasword/" points to a missing article: no article "pasword" in kb/en/; did you mean "password"?',
      'rules/replies/ack.fr.md:7:16 error link "{{ desk.siteUrl }}/fr/articles/factures/" points to a missing article: no article "factures" in kb/fr/; did you mean "facture"?',
      'rules/replies/ack.fr.md:8:21 warning link "{{desk.siteUrl}}/fr/articles/brouillon/" points to a draft, not on the help site; remove the link or publish that article',
    ],
  ],
  [
    'form-github-strict',
    [
      'rules/forms/acces.yaml:3:8 error title: GitHub refuses this in an issue form (.github/ISSUE_TEMPLATE/): expected some text, found "": empty texts and texts of spaces only are refused; write the text or remove the key',
      'rules/forms/acces.yaml:11:14 error body[1].attributes.label: GitHub refuses this in an issue form (.github/ISSUE_TEMPLATE/): the word "password" is not allowed in the label of an input or textarea (GitHub keeps credentials out of issues); reword the label',
      'rules/forms/acces.yaml:12:20 error body[1].attributes.description: GitHub refuses this in an issue form (.github/ISSUE_TEMPLATE/): expected some text, found "   ": empty texts and texts of spaces only are refused; write the text or remove the key',
      'rules/forms/acces.yaml:17:17 error body[2].attributes.options[0]: GitHub refuses this in an issue form (.github/ISSUE_TEMPLATE/): it reads YAML 1.1, where an unquoted Yes is true or false, not a text; write it in quotes: "Yes"',
      'rules/forms/acces.yaml:24:18 error body[3].attributes.options[1].label: GitHub refuses this in an issue form (.github/ISSUE_TEMPLATE/): checkbox "J\'accepte" is listed twice (also options[0]); checkbox labels must be unique, reword one',
      'rules/forms/acces.yaml:34:17 error repodesk.translations.en.markdown: expected 1 translated markdown text (one per markdown item of body, in the same order), found 2',
      'rules/forms/intro.yaml:5:5 error body[0].id: unknown key "id"; GitHub issue forms allow no `id` on a markdown item; remove it and give the translated text in `repodesk.translations.<lang>.markdown` (one entry per markdown item, in order); known keys: type, attributes',
    ],
  ],
  [
    'email-templates',
    [
      'rules/emails/auto-close.en.md:2:1 error subject: expected a `subject:` line in the frontmatter, found none; add the subject of the mail',
      'rules/emails/reminder.en.md:1:1 warning missing translation: the "reminder" mail goes out in fr to en speakers; add rules/emails/reminder.en.md',
      'rules/emails/too-large.fr.md:2:15 error subject: unknown variable "{{ticket.reference}}"; known variables: requester.name, requester.firstName, requester.email, ticket.ref, ticket.title, ticket.statusUrl, ticket.status, agent.name, desk.name, desk.siteUrl, message, suggestions, subject, limit',
      'rules/emails/welcome.fr.md:1:1 error expected a file named <template>.<lang>.md with a template among acknowledgement, reply, auto-reply, too-large, auto-close, reminder; found "welcome.fr.md"',
    ],
  ],
  [
    'email-template-missing',
    [
      'rules/emails/auto-reply.en.md:1:1 error missing file: repodesk sends the "auto-reply" mail and rules/emails/ has no template for it; add rules/emails/auto-reply.en.md (subject: in the frontmatter, the message below)',
      'rules/emails/auto-reply.fr.md:1:1 error missing file: repodesk sends the "auto-reply" mail and rules/emails/ has no template for it; add rules/emails/auto-reply.fr.md (subject: in the frontmatter, the message below)',
    ],
  ],
  [
    'field-condition-empty',
    [
      'rules/routing.yaml:12:20 error rules[2].when.field: field condition on "topic" tests nothing and so never matches: add equals, contains or matches (e.g. equals: "…")',
    ],
  ],
  [
    'examples-bad',
    [
      'rules/examples/broken.yaml:4:18 error examples[0].ticket.createdAt: expected a value like 2026-12-07T09:30:00+01:00; found "2026-11-23 11:00"',
      'rules/examples/broken.yaml:5:7 error examples[0].ticket.chanel: unknown key "chanel"; did you mean "channel"? known keys: createdAt, channel, form, subject, body, requester, sender, language, fields, labels, attachments, alert',
      'rules/examples/broken.yaml:6:23 error examples[0].expect.assign: expected one of round-robin, least-open, skills, none; found "random"',
      'rules/examples/broken.yaml:6:38 error examples[0].expect.due.nextResponse: unknown key "nextResponse"; did you mean "firstResponse"? known keys: firstResponse, resolution',
      'rules/examples/routing.yaml:5:13 error examples[0].ticket.form: unknown form "contcat" (did you mean "contact"?); known forms: contact',
      'rules/examples/routing.yaml:6:24 error examples[0].ticket.fields.topik: unknown form field "topik" (did you mean "topic"?); known form fields: subject, details, topic',
      'rules/examples/routing.yaml:7:17 error examples[0].ticket.language: unknown language "de"; known languages of desk.yaml: fr, en',
      'rules/examples/routing.yaml:9:15 error examples[0].expect.rules[0]: unknown rule "invoice" (did you mean "invoices"?); known rules: vip, invoices, fallback',
      'rules/examples/routing.yaml:10:13 error examples[0].expect.team: unknown team "billng" (did you mean "billing"?); known teams: billing, it',
      'rules/examples/routing.yaml:11:15 error examples[0].expect.policy: unknown SLA policy "standrad" (did you mean "standard"?); known SLA policies (and none): none, urgent, standard',
      'rules/examples/routing.yaml:12:19 error examples[0].expect.assignees[0]: unknown agent "camile" (did you mean "camille"?); known agents: camille, hugo',
      'rules/examples/routing.yaml:13:22 error examples[0].expect.replies[1]: unknown reply "merci"; known replies (rules/replies/): ack',
      'rules/examples/routing.yaml:14:11 error examples[1].name: duplicate example name "names what the rules do not know" (also examples[0]); example names must be unique, rename or remove one',
      'rules/examples/routing.yaml:15:26 error examples[1].ticket.createdAt: "2026-02-30T11:00:00+01:00" is not a real instant; write one such as 2026-12-07T09:30:00+01:00',
      'rules/examples/routing.yaml:16:34 error examples[1].expect.due.resolution: "2026-11-23T25:00:00Z" is not a real instant; write one such as 2026-12-07T13:30:00+01:00',
    ],
  ],
];

// Rule examples that fail are not load problems: `repodesk validate` runs them (test/rules/rule-examples.test.ts).
const correct = ['base', 'valid', 'empty-routing', 'yaml-anchors', 'examples', 'examples-failing'];

describe('validating rules/ and kb/', () => {
  it('has an expectation for every fixture root', () => {
    const covered = [...correct, ...cases.map(([name]) => name)].sort();
    expect(roots.sort()).toEqual(covered);
  });

  it('keeps in each case folder only the files that differ from the base desk', () => {
    const overlays = roots.filter((name) => name !== 'base' && name !== 'valid');
    const copiedFromBase = overlays.flatMap((name) =>
      readdirSync(`${fixtures}/${name}`, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => `${entry.parentPath}/${entry.name}`.slice(`${fixtures}/${name}/`.length))
        .filter((file) => sameAs(`${fixtures}/base/${file}`, `${fixtures}/${name}/${file}`))
        .map((file) => `${name}/${file}`),
    );
    expect(copiedFromBase).toEqual([]);
  });

  it.each(correct)('a correct root (%s) has no problem and yields the rules', async (name) => {
    const result = await loadRules(deskFixture(name), { now });
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.rules).toBeDefined();
  });

  it.each(cases)('%s: reports exactly the expected problems', async (name, expected) => {
    const result = await loadRules(deskFixture(name), { now });
    expect(result.problems.map(formatProblem)).toEqual(expected);
    const hasError = expected.some((line) => / error /.test(line) && !line.startsWith('rules/examples/'));
    // The rules are handed out only when nothing is wrong; warnings do not block them, nor rule examples
    // (tests of the rules: they fail validate, not the bot).
    expect(result.rules === undefined).toBe(hasError);
  });
});

/** Whether `base` exists and holds the bytes of `file`. */
function sameAs(base: string, file: string): boolean {
  return existsSync(base) && readFileSync(base).equals(readFileSync(file));
}
