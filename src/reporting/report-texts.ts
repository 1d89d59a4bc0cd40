// Every word of the rendered reports, in French and English: one table per language, the same keys, so a
// renderer never branches on the language. Dimension values (team ids, forms, types) are shown as the desk
// names them where rules give a name, else as written.

import type { SlaClock, StatusId } from '../rules/types.ts';
import type { Grouping } from './group-report.ts';
import type { AgeBand } from './service-levels.ts';
import type { VolumeDimension } from './volume-report.ts';

export interface ReportTexts {
  title: string;
  period: (from: string, to: string, timezone: string) => string;
  evaluated: (at: string) => string;
  ticketsRead: (listed: number, measured: number) => string;
  sections: {
    serviceLevels: string;
    attainmentByPolicy: string;
    breaches: string;
    backlog: string;
    volume: string;
    perDay: string;
    perWeek: string;
    heatMap: string;
    agents: string;
    teams: string;
    selfService: string;
    satisfaction: string;
    forecast: string;
    groups: (by: string) => string;
  };
  clocks: Record<SlaClock, string>;
  statuses: Record<StatusId, string>;
  dimensions: Record<VolumeDimension | Grouping, string>;
  ages: Record<AgeBand, string>;
  weekdays: string[];
  columns: {
    measure: string;
    count: string;
    median: string;
    p90: string;
    mean: string;
    attainment: string;
    within: string;
    missed: string;
    policy: string;
    target: string;
    ticket: string;
    clock: string;
    counted: string;
    due: string;
    state: string;
    day: string;
    week: string;
    created: string;
    resolved: string;
    closed: string;
    backlog: string;
    value: string;
    agent: string;
    team: string;
    handled: string;
    replies: string;
    firstResponseMedian: string;
    resolutionMedian: string;
    csat: string;
    hour: string;
    arrivals: string;
    agentHours: string;
    search: string;
    article: string;
    form: string;
    deflections: string;
    requests: string;
    rate: string;
    notHelpful: string;
    helpful: string;
    comments: string;
    forecast: string;
    low: string;
    high: string;
    actual: string;
    hoursNeeded: string;
    breaches: string;
    group: string;
    rating: string;
    good: string;
    bad: string;
    comment: string;
  };
  breachStates: { late: string; open: string };
  reopenRate: string;
  oneTouchRate: string;
  backlogAge: string;
  withoutPolicy: (count: number) => string;
  merged: (count: number) => string;
  noBreach: string;
  none: string;
  selfServiceMissing: string;
  searchesNote: string;
  deflectionRate: string;
  emptySearches: string;
  votes: (yes: number, no: number) => string;
  /** The assistant's conversations: ended on an article (deflected) or on a request form (escalated). */
  assistant: (deflected: number, escalated: number, share: string) => string;
  candidates: string;
  satisfactionMissing: string;
  satisfactionScore: (score: string, good: number, bad: number) => string;
  satisfactionPerWeek: string;
  satisfactionComments: string;
  ratings: { good: string; bad: string };
  teamsOnly: string;
  wholeDesk: string;
  notEnoughHistory: (days: number, needed: number) => string;
  backtest: (mape: string, weeks: number) => string;
  noBacktest: string;
  hoursPerTicket: (hours: string) => string;
  noHandlingRate: string;
  interval: string;
  holiday: string;
  dataTable: string;
  chartDaily: string;
  chartHeatArrivals: string;
  chartHeatAgents: string;
  chartForecast: (team: string) => string;
  chartAttainment: string;
  requestsFooter: (count: number, notModified: number) => string;
  moreRows: (count: number) => string;
  truncated: string;
}

const en: ReportTexts = {
  title: 'Service report',
  period: (from, to, timezone) => `${from} to ${to} (${timezone})`,
  evaluated: (at) => `clocks evaluated at ${at}, on each ticket's own SLA calendar`,
  ticketsRead: (listed, measured) => `${listed} issues listed, ${measured} timelines read`,
  sections: {
    serviceLevels: 'Service levels',
    attainmentByPolicy: 'Attainment per policy',
    breaches: 'Breaches',
    backlog: 'Backlog at the end of the period',
    volume: 'Volume',
    perDay: 'Per day',
    perWeek: 'Per week',
    heatMap: 'Hour of the week: requests arriving and agents at work',
    agents: 'Agents',
    teams: 'Teams',
    selfService: 'Self-service',
    satisfaction: 'Customer satisfaction (CSAT)',
    forecast: 'Forecast of the next four weeks',
    groups: (by) => `Service per ${by}`,
  },
  clocks: { firstResponse: 'First response', nextResponse: 'Next response', resolution: 'Resolution' },
  statuses: {
    new: 'new',
    open: 'open',
    pending: 'pending',
    'on-hold': 'on hold',
    resolved: 'resolved',
    closed: 'closed',
  },
  dimensions: {
    channel: 'channel',
    type: 'type',
    team: 'team',
    organisation: 'organisation',
    form: 'form',
    language: 'language',
    agent: 'agent',
    priority: 'priority',
  },
  ages: {
    '<1d': 'under 1 day',
    '1-3d': '1 to 3 days',
    '3-7d': '3 to 7 days',
    '7-30d': '7 to 30 days',
    '>=30d': '30 days or more',
  },
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  columns: {
    measure: 'Measure',
    count: 'Count',
    median: 'Median',
    p90: '90th percentile',
    mean: 'Mean',
    attainment: 'Within target',
    within: 'Within',
    missed: 'Missed',
    policy: 'Policy',
    target: 'Target',
    ticket: 'Ticket',
    clock: 'Clock',
    counted: 'Counted',
    due: 'Due',
    state: 'State',
    day: 'Day',
    week: 'Week of',
    created: 'Created',
    resolved: 'Resolved',
    closed: 'Closed',
    backlog: 'Open at end',
    value: 'Value',
    agent: 'Agent',
    team: 'Team',
    handled: 'Tickets handled',
    replies: 'Public replies',
    firstResponseMedian: 'Median first response',
    resolutionMedian: 'Median resolution',
    csat: 'CSAT',
    hour: 'Hour',
    arrivals: 'Requests',
    agentHours: 'Agent-hours',
    search: 'Search',
    article: 'Article',
    form: 'Form',
    deflections: 'Deflections',
    requests: 'Requests sent',
    rate: 'Rate',
    notHelpful: '"No" votes',
    helpful: '"Yes" votes',
    comments: 'Comments',
    forecast: 'Forecast',
    low: 'Low (80 %)',
    high: 'High (80 %)',
    actual: 'Actual',
    hoursNeeded: 'Agent-hours needed',
    breaches: 'Breaches',
    group: 'Group',
    rating: 'Rating',
    good: 'Good',
    bad: 'Bad',
    comment: 'Comment',
  },
  breachStates: { late: 'met late', open: 'still open' },
  reopenRate: 'Reopened after resolution',
  oneTouchRate: 'Resolved after one reply',
  backlogAge: 'Age (days)',
  withoutPolicy: (count) =>
    `${count} tickets created in the period fall under no SLA policy (counted in volume only).`,
  merged: (count) => `${count} merged tickets (closed as duplicates): counted as created, never as resolved.`,
  noBreach: 'No breach in the period.',
  none: 'none',
  selfServiceMissing:
    "Not known: the help site's signals live in the bot's data folder, which this run did not read (pass --data-dir; a GitHub Actions run has none).",
  searchesNote: 'The site records searches that found nothing, not the others.',
  deflectionRate: 'Deflection rate (suggestion accepted instead of a request)',
  emptySearches: 'Searches that found nothing',
  votes: (yes, no) => `Article votes: ${yes} yes, ${no} no`,
  assistant: (deflected, escalated, share) =>
    `Assistant: ${deflected} solved by an article (deflected), ${escalated} sent to a request form (escalated); ${share} solved`,
  candidates: 'Articles read and found unhelpful (candidates to improve)',
  satisfactionMissing:
    "Not known: the ratings of the resolution mail's survey live in the bot's store, which this run did not read (pass --data-dir, or set DATABASE_URL; a GitHub Actions run has none).",
  satisfactionScore: (score, good, bad) =>
    `CSAT ${score}: ${good} good, ${bad} bad (${good + bad} ratings in the period; the last click counts).`,
  satisfactionPerWeek: 'CSAT per week',
  satisfactionComments: "Customers' comments",
  ratings: { good: 'good', bad: 'bad' },
  teamsOnly: 'This desk shows teams only (desk.yaml reports.perAgent: false).',
  wholeDesk: 'Whole desk',
  notEnoughHistory: (days, needed) => `Not enough history: ${days} days, the model needs ${needed}.`,
  backtest: (mape, weeks) =>
    `Backtest: weekly totals were off by ${mape} on average over the last ${weeks} weeks (MAPE).`,
  noBacktest: 'Backtest: not enough history to test the model on past weeks yet.',
  hoursPerTicket: (hours) =>
    `At the current median handling rate of ${hours} scheduled agent-hours per resolved ticket.`,
  noHandlingRate: 'No handling rate: no ticket resolved in the period.',
  interval: '80 % interval',
  holiday: 'holiday',
  dataTable: 'Data table',
  chartDaily: 'Tickets created (bars) and resolved (line) per day',
  chartHeatArrivals: 'Requests arriving per hour of the week',
  chartHeatAgents: 'Agent-hours scheduled per hour of the week',
  chartForecast: (team) => `Daily forecast with its 80 % interval: ${team}`,
  chartAttainment: 'Share of clocks within target, per policy',
  requestsFooter: (count, notModified) => `${count} GitHub requests (${notModified} not modified)`,
  moreRows: (count) => `… and ${count} more rows (see the HTML report).`,
  truncated: '… cut here: GitHub takes at most 65,536 characters in an issue (see the HTML report).',
};

const fr: ReportTexts = {
  title: 'Rapport de service',
  period: (from, to, timezone) => `du ${from} au ${to} (${timezone})`,
  evaluated: (at) => `horloges évaluées au ${at}, sur le calendrier SLA de chaque ticket`,
  ticketsRead: (listed, measured) => `${listed} tickets listés, ${measured} historiques lus`,
  sections: {
    serviceLevels: 'Niveaux de service',
    attainmentByPolicy: 'Respect des objectifs par politique',
    breaches: 'Dépassements',
    backlog: 'Tickets ouverts en fin de période',
    volume: 'Volume',
    perDay: 'Par jour',
    perWeek: 'Par semaine',
    heatMap: 'Heure de la semaine : demandes reçues et agents au travail',
    agents: 'Agents',
    teams: 'Équipes',
    selfService: 'Libre-service',
    satisfaction: 'Satisfaction client (CSAT)',
    forecast: 'Prévision des quatre prochaines semaines',
    groups: (by) => `Service par ${by}`,
  },
  clocks: { firstResponse: 'Première réponse', nextResponse: 'Réponse suivante', resolution: 'Résolution' },
  statuses: {
    new: 'nouveau',
    open: 'en cours',
    pending: 'en attente du client',
    'on-hold': 'en pause',
    resolved: 'résolu',
    closed: 'clôturé',
  },
  dimensions: {
    channel: 'canal',
    type: 'type',
    team: 'équipe',
    organisation: 'organisation',
    form: 'formulaire',
    language: 'langue',
    agent: 'agent',
    priority: 'priorité',
  },
  ages: {
    '<1d': 'moins d’un jour',
    '1-3d': '1 à 3 jours',
    '3-7d': '3 à 7 jours',
    '7-30d': '7 à 30 jours',
    '>=30d': '30 jours ou plus',
  },
  weekdays: ['lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.', 'dim.'],
  columns: {
    measure: 'Mesure',
    count: 'Nombre',
    median: 'Médiane',
    p90: '90e centile',
    mean: 'Moyenne',
    attainment: 'Dans l’objectif',
    within: 'Tenus',
    missed: 'Manqués',
    policy: 'Politique',
    target: 'Objectif',
    ticket: 'Ticket',
    clock: 'Horloge',
    counted: 'Compté',
    due: 'Échéance',
    state: 'État',
    day: 'Jour',
    week: 'Semaine du',
    created: 'Créés',
    resolved: 'Résolus',
    closed: 'Clôturés',
    backlog: 'Ouverts en fin',
    value: 'Valeur',
    agent: 'Agent',
    team: 'Équipe',
    handled: 'Tickets traités',
    replies: 'Réponses publiques',
    firstResponseMedian: 'Première réponse (médiane)',
    resolutionMedian: 'Résolution (médiane)',
    csat: 'CSAT',
    hour: 'Heure',
    arrivals: 'Demandes',
    agentHours: 'Heures-agent',
    search: 'Recherche',
    article: 'Article',
    form: 'Formulaire',
    deflections: 'Demandes évitées',
    requests: 'Demandes envoyées',
    rate: 'Taux',
    notHelpful: 'Votes « non »',
    helpful: 'Votes « oui »',
    comments: 'Commentaires',
    forecast: 'Prévision',
    low: 'Bas (80 %)',
    high: 'Haut (80 %)',
    actual: 'Réel',
    hoursNeeded: 'Heures-agent nécessaires',
    breaches: 'Dépassements',
    group: 'Groupe',
    rating: 'Avis',
    good: 'Satisfaits',
    bad: 'Pas satisfaits',
    comment: 'Commentaire',
  },
  breachStates: { late: 'tenu en retard', open: 'toujours ouvert' },
  reopenRate: 'Rouverts après résolution',
  oneTouchRate: 'Résolus en une seule réponse',
  backlogAge: 'Âge (jours)',
  withoutPolicy: (count) =>
    `${count} tickets créés dans la période ne relèvent d’aucune politique SLA (comptés dans le volume seulement).`,
  merged: (count) =>
    `${count} tickets fusionnés (fermés comme doublons) : comptés comme créés, jamais comme résolus.`,
  noBreach: 'Aucun dépassement dans la période.',
  none: 'aucun',
  selfServiceMissing:
    'Inconnu : les signaux du site d’aide sont dans le dossier de données du bot, que cette exécution n’a pas lu (--data-dir ; une exécution GitHub Actions n’en a pas).',
  searchesNote: 'Le site enregistre les recherches sans résultat, pas les autres.',
  deflectionRate: 'Taux de demandes évitées (suggestion acceptée au lieu d’une demande)',
  emptySearches: 'Recherches sans résultat',
  votes: (yes, no) => `Votes sur les articles : ${yes} oui, ${no} non`,
  assistant: (deflected, escalated, share) =>
    `Assistant : ${deflected} résolues par un article (demandes évitées), ${escalated} orientées vers un formulaire (escaladées) ; ${share} résolues`,
  candidates: 'Articles lus et jugés peu utiles (à améliorer)',
  satisfactionMissing:
    'Inconnu : les avis de l’enquête du courriel de résolution sont dans le stockage du bot, que cette exécution n’a pas lu (--data-dir, ou DATABASE_URL ; une exécution GitHub Actions n’en a pas).',
  satisfactionScore: (score, good, bad) =>
    `CSAT ${score} : ${good} satisfaits, ${bad} pas satisfaits (${good + bad} avis sur la période ; le dernier clic compte).`,
  satisfactionPerWeek: 'CSAT par semaine',
  satisfactionComments: 'Commentaires des clients',
  ratings: { good: 'satisfait', bad: 'pas satisfait' },
  teamsOnly: 'Ce support n’affiche que les équipes (desk.yaml reports.perAgent: false).',
  wholeDesk: 'Tout le support',
  notEnoughHistory: (days, needed) =>
    `Historique insuffisant : ${days} jours, le modèle en demande ${needed}.`,
  backtest: (mape, weeks) =>
    `Contrôle a posteriori : les totaux hebdomadaires se sont écartés de ${mape} en moyenne sur les ${weeks} dernières semaines (MAPE).`,
  noBacktest:
    'Contrôle a posteriori : pas encore assez d’historique pour tester le modèle sur des semaines passées.',
  hoursPerTicket: (hours) => `Au rythme médian actuel de ${hours} heures-agent planifiées par ticket résolu.`,
  noHandlingRate: 'Pas de rythme de traitement : aucun ticket résolu dans la période.',
  interval: 'intervalle à 80 %',
  holiday: 'férié',
  dataTable: 'Tableau des données',
  chartDaily: 'Tickets créés (barres) et résolus (ligne) par jour',
  chartHeatArrivals: 'Demandes reçues par heure de la semaine',
  chartHeatAgents: 'Heures-agent planifiées par heure de la semaine',
  chartForecast: (team) => `Prévision quotidienne et son intervalle à 80 % : ${team}`,
  chartAttainment: 'Part des horloges dans l’objectif, par politique',
  requestsFooter: (count, notModified) => `${count} requêtes GitHub (${notModified} non modifiées)`,
  moreRows: (count) => `… et ${count} lignes de plus (voir le rapport HTML).`,
  truncated: '… coupé ici : GitHub accepte au plus 65 536 caractères dans un ticket (voir le rapport HTML).',
};

const texts: Record<string, ReportTexts> = { en, fr };

/** The languages the report is written in. */
export const reportLanguages = Object.keys(texts);

/** The texts of the report in `lang` (English for a language the report does not speak). */
export function reportTexts(lang: string): ReportTexts {
  return texts[lang] ?? en;
}

/** Business time as hours and minutes (`2h 05m`): a business day is a number of hours, not 24. */
export function formatBusinessTime(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = Math.round(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  return `${hours}h ${String(minutes - hours * 60).padStart(2, '0')}m`;
}

/** A share as a percentage with at most one decimal, as `lang` writes it (`87.5%`, `87,5 %`); `—` when unknown. */
export function formatShare(rate: number | null, lang: string): string {
  if (rate === null) return '—';
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}
