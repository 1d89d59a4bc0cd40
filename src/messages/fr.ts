// Every text the bot writes to customers and agents, in French: the reference table. en.ts must have the
// same areas and keys with the same parameters (checked by TypeScript, and by test/messages/messages.test.ts).
// One named export per area, named after where the text appears. A text with values is a function of them:
// TypeScript checks every call, and a text can choose its words (singular, a missing name) and typography
// (`« »`, ` :`). The form page's own texts (field messages, upload refusals) stay beside the code the browser
// runs, src/forms/submission-errors.ts and upload-texts.ts: see README.md.

/** The upload route's own answer (422) to a request with no file. */
export const uploadRoute = {
  noFile: 'Aucun fichier reçu.',
};

/** The submit route's messages (422) beyond the form's fields: src/channels/form/submit-request-route.ts. */
export const submission = {
  antiRobot: 'Vérification anti-robot manquante ou invalide.',
  alreadySent:
    'Cette demande a déjà été envoyée avec un autre contenu ; rechargez le formulaire pour en envoyer une nouvelle.',
};

/** A file's checked type and why it was not kept, as the issue and the form page name them. */
export const attachments = {
  kinds: {
    png: 'image PNG',
    jpeg: 'image JPEG',
    gif: 'image GIF',
    webp: 'image WebP',
    pdf: 'PDF',
    docx: 'Word',
    xlsx: 'Excel',
    odt: 'OpenDocument',
    csv: 'CSV',
    text: 'texte',
  },
  refusals: {
    'type-not-allowed': 'type de fichier non accepté',
    'too-large': 'fichier trop volumineux',
    'too-many': 'trop de fichiers',
    empty: 'fichier vide',
    'unsafe-content': 'contient un programme, un script ou une macro',
    'unpacked-too-large': 'trop volumineux une fois décompressé',
  },
};

/** The body of a ticket's issue, for agents: src/intake/render-issue-body.ts. */
export const issueBody = {
  /** Between a label and its value (French puts a space before the colon). */
  colon: ' :',
  requester: 'Demandeur',
  channel: 'Canal',
  language: 'Langue',
  reference: 'Référence',
  noResponse: '_Pas de réponse_',
  message: 'Message',
  subject: 'Objet',
  attachments: 'Pièces jointes',
  notKept: 'non conservée',
  declared: 'organisation déclarée',
  notVerified: (organisation: string, why: 'email' | 'form') =>
    `**Expéditeur non vérifié :** le domaine de l’adresse est celui de ${organisation}, mais ${
      why === 'form'
        ? 'une adresse saisie dans un formulaire ne prouve rien'
        : 'aucun résultat d’authentification de notre serveur de messagerie ne la garantit'
    } ; la demande est traitée comme celle d’un client inconnu (ni organisation ni niveau de service).`,
  channels: {
    web: 'formulaire web',
    email: 'e-mail',
    github: 'GitHub',
    alert: 'alerte de supervision',
    phone: 'appel téléphonique',
  },
  truncated: (ref: string) =>
    `_Texte tronqué à la limite de GitHub : le texte complet est conservé par repodesk, référence ${ref}._`,
  /** After the body of a ticket that follows a closed one (a late reply by mail). */
  follows: 'Suite de la demande',
  /** The requester's address came from another header than From. */
  senderFrom: (header: string, from: string) =>
    `**Adresse du demandeur lue dans ${header}** : l’en-tête From (« ${from} ») n’en donnait pas d’utilisable en premier.`,
  /** The section that ends the issue for agents: src/intake/agent-assist.ts. */
  forAgent: 'Pour l’agent',
  publishedArticles: 'Articles publiés qui pourraient répondre',
  internalArticles: 'Articles internes',
  playbook: (name: string) => `Procédure : ${name}`,
};

/** The issue's title when the customer gave no subject: src/intake/ticket-title.ts. */
export const ticketTitle = {
  noSubject: '(sans objet)',
};

/** The comment a customer's mail becomes on its ticket: src/intake/customer-comment.ts. */
export const customerComment = {
  original: 'Message complet',
  attachments: 'Pièces jointes',
  refused: 'non conservée',
  empty: '_Message sans texte_',
  notVerified:
    '**Expéditeur non vérifié** : seule la référence de l’objet relie ce message au ticket, et aucun résultat d’authentification de notre serveur de messagerie ne garantit l’adresse de l’expéditeur.',
};

/** The note an automatic reply (out of office) becomes on its ticket: src/intake/auto-reply-note.ts. */
export const autoReplyNote = {
  heading: 'Réponse automatique du demandeur',
  nothing: 'Le ticket ne change pas de statut et rien n’a été répondu.',
  empty: '_Message sans texte_',
};

/** Mails forwarded as attachments, shown after the text that carries them: src/mail/attached-messages.ts. */
export const attachedMessages = {
  heading: 'Message joint',
  from: 'De',
  date: 'Date',
  subject: 'Objet',
  colon: ' :',
};

/** Fixed texts of the mails the bot sends (the templates themselves are the admin's, in rules/emails/). */
export const mail = {
  /** Above the articles an acknowledgement suggests. */
  suggestionsHeading: 'Ces articles répondent peut-être déjà à votre question :',
  /** One suggested article in the text part: its title, then its link. */
  suggestion: (title: string, url: string) => `- ${title} : ${url}`,
  /** The `{{limit}}` of the too-large template: the size a mail may have. */
  sizeLimit: (megabytes: number) => `${megabytes} Mo`,
  /** Above the satisfaction survey's two links, at the end of a resolution mail. */
  surveyHeading: 'Êtes-vous satisfait de notre réponse ? Un clic suffit :',
  surveyGood: 'Oui, satisfait',
  surveyBad: 'Non, pas satisfait',
  /** One link of the survey in the text part. */
  surveyLink: (label: string, url: string) => `- ${label} : ${url}`,
};

/** The comment recording an automatic reply on its issue: src/outbound/auto-reply-comment.ts. */
export const autoReplyComment = {
  /** Put in place of the status link, a credential that only the mail carries. */
  statusUrl: '[lien de suivi personnel, envoyé par courriel]',
};

/**
 * The built-in lifecycle notices, used when rules/replies has none: canned-reply texts whose `{{…}}` the
 * sweep fills (src/lifecycle/plan-lifecycle.ts).
 */
export const lifecycleNotices = {
  reminder:
    'Bonjour,\n\nNous attendons votre réponse concernant votre demande {{ticket.ref}} « {{ticket.title}} ». Sans nouvelles de votre part, nous la clôturerons prochainement.\n\n{{desk.name}}',
  close:
    'Bonjour,\n\nFaute de réponse de votre part, nous avons clôturé votre demande {{ticket.ref}} « {{ticket.title}} ». Répondez à ce message pour la rouvrir.\n\n{{desk.name}}',
};

/** The comment an SLA step posts for its escalation contact: src/sla/plan-escalation.ts. */
export const escalation = {
  clocks: { firstResponse: 'première réponse', nextResponse: 'réponse suivante', resolution: 'résolution' },
  /** `overdue` is a duration ("2h 30m") once the target has passed. */
  note: (
    contact: string,
    policy: string,
    clock: string,
    target: string,
    percent: number,
    due: string,
    overdue: string | undefined,
  ) =>
    `@${contact} SLA **${policy}** : l’objectif de ${clock} (${target}) est atteint à ${percent} % ` +
    `(échéance ${due}${overdue === undefined ? '' : `, dépassée de ${overdue}`}). Ce ticket demande votre attention.`,
};

/** The SLA status line the sweep keeps at the end of the issue body: src/sla/sla-status-line.ts. */
export const slaStatus = {
  /** Before the clocks ("SLA : première réponse avant le 7 déc. 10:00 · …"). */
  heading: 'SLA :',
  due: (clock: string, when: string) => `${clock} avant le ${when}`,
  met: (clock: string) => `${clock} tenue`,
  metLate: (clock: string) => `${clock} faite en retard`,
  paused: (clock: string) => `${clock} en pause`,
  breached: (clock: string, when: string) => `${clock} dépassée (échéance le ${when})`,
  /** The timezone the times are in, after the clocks. */
  timezone: (zone: string) => `(heure ${zone})`,
  /** Intl locale the dates are written in. */
  locale: 'fr-FR',
};

/** What agents' commands answer on the ticket (src/commands/: one key per command) and their help. */
export const commands = {
  reply: {
    help: 'répond au client par courriel (texte libre, ou réponse type suivie d’un texte) ; le ticket passe en attente',
    unknownId: (given: string, closest: string | undefined, known: string) =>
      `\`/reply\` : « ${given} » n’est pas une réponse type de rules/replies/ ; rien n’a été envoyé.` +
      (closest ? ` Vouliez-vous dire \`${closest}\` ?` : '') +
      ` Réponses types : ${known}. Pour envoyer ce mot tel quel, écrivez-le sur la ligne sous \`/reply\`.`,
    unknownVariable: (given: string, closest: string | undefined, known: string) =>
      `\`/reply\` : la variable \`{{${given}}}\` n’existe pas ; rien n’a été envoyé.` +
      (closest ? ` Vouliez-vous dire \`{{${closest}}}\` ?` : '') +
      ` Variables : ${known}.`,
    heldReplied: (by: string, at: string) =>
      `\`/reply\` : \`@${by}\` a déjà répondu au client depuis son dernier message (${at}) ; `,
    heldTook: (by: string, at: string) => `\`/reply\` : \`@${by}\` a pris ce ticket (${at}) ; `,
    held: 'votre réponse est retenue, rien n’a été envoyé. Écrivez `/send` pour l’envoyer quand même, ou `/drop` pour l’abandonner.',
    filesRefused: (list: string) => `\`/reply\` : fichiers non joints au courriel : ${list}.`,
    fileRefused: (name: string, why: string) => `« ${name} » (${why})`,
    fileReasons: {
      'too-large': 'trop volumineux pour un courriel',
      missing: 'introuvable sur GitHub',
      type: 'type de fichier non accepté',
      'too-many': 'trop de fichiers pour un courriel',
    },
  },
  send: {
    name: '`/send` : ',
    help: 'envoie quand même la dernière réponse retenue parce qu’un autre agent avait répondu ou pris le ticket',
    usage: '`/send` ne prend rien sur sa ligne ; rien n’a été envoyé.',
    nothingHeld: 'aucune réponse n’est retenue sur ce ticket ; rien n’a été envoyé.',
    alreadySent: (by: string, at: string) =>
      `la réponse retenue a déjà été envoyée (par \`@${by}\`, ${at}) ; rien n’a été renvoyé.`,
    alreadyDropped: (by: string, at: string) =>
      `la réponse retenue a été abandonnée (par \`@${by}\`, ${at}) ; rien n’a été envoyé.`,
  },
  drop: {
    name: '`/drop` : ',
    help: 'abandonne la dernière réponse retenue (elle ne sera jamais envoyée)',
    usage: '`/drop` ne prend rien sur sa ligne ; rien n’a changé.',
    nothingHeld: 'aucune réponse n’est retenue sur ce ticket ; rien n’a changé.',
    alreadySent: (by: string, at: string) =>
      `la réponse retenue a déjà été envoyée (par \`@${by}\`, ${at}) ; elle ne peut plus être abandonnée.`,
    alreadyDropped: (by: string, at: string) =>
      `la réponse retenue a déjà été abandonnée (par \`@${by}\`, ${at}) ; rien n’a changé.`,
  },
  note: { help: 'note interne, pour les agents seulement (comme tout commentaire sans commande)' },
  status: {
    help: 'change le statut du ticket (le client n’est pas prévenu), ex. `/status on-hold`',
    unknown: (given: string, known: string) =>
      `\`/status\` : ${given === '' ? 'aucun statut donné' : `statut « ${given} » inconnu`} ; rien n’a changé. ` +
      `Statuts connus (rules/desk.yaml) : ${known}. Exemple : \`/status on-hold\`.`,
  },
  priority: {
    help: 'change la priorité du ticket (le client n’est pas prévenu), ex. `/priority high`',
    unknown: (given: string, known: string) =>
      `\`/priority\` : ${given === '' ? 'aucune priorité donnée' : `priorité « ${given} » inconnue`} ; rien n’a changé. ` +
      `Priorités connues (rules/desk.yaml) : ${known}. Exemple : \`/priority high\`.`,
  },
  type: {
    help: 'change le type du ticket (le client n’est pas prévenu), ex. `/type question`',
    unknown: (given: string, known: string) =>
      `\`/type\` : ${given === '' ? 'aucun type donné' : `type « ${given} » inconnu`} ; rien n’a changé. ` +
      `Types connus (rules/desk.yaml) : ${known}. Exemple : \`/type question\`.`,
  },
  assign: {
    name: '`/assign` : ',
    help: 'donne le ticket à un agent de teams.yaml (seul assigné), ex. `/assign @camille-durand` ou `/assign me`',
    missing: 'à qui ? Écrivez `/assign @login` ou `/assign me` ',
    unknown: (login: string, closest: string | undefined, known: string) =>
      `« ${login} » n’est pas un agent de rules/teams.yaml ; rien n’a changé.` +
      (closest ? ` Vouliez-vous dire \`@${closest}\` ?` : '') +
      ` Agents : ${known}.`,
    nothing: 'rien n’a changé.',
  },
  take: { help: 'prend le ticket pour soi (seul assigné), comme `/assign me`' },
  cc: {
    name: '`/cc` : ',
    help: 'ajoute ou retire une personne en copie des courriels du ticket, ex. `/cc add paul@example.org`',
    usage: 'écrivez `/cc add <adresse>` ou `/cc remove <adresse>` ; rien n’a changé.',
    notAddress: (given: string) => `« ${given} » n’est pas une adresse électronique ; rien n’a changé.`,
    noRequester: 'ce ticket n’a pas de demandeur à qui écrire, donc pas de copie ; rien n’a changé.',
    isRequester: (address: string) => `${address} est le demandeur ; rien n’a changé.`,
    notInCopy: (address: string) => `${address} n’est pas en copie ; rien n’a changé.`,
    copies: (copies: string) => `en copie désormais : ${copies}.`,
    nobody: 'personne',
  },
  requester: {
    name: '`/requester` : ',
    help: 'donne au ticket son demandeur (accusé de réception et réponses par courriel), ex. `/requester marie@example.org Marie Curie`',
    usage: 'écrivez `/requester <adresse> [nom]` ; rien n’a changé.',
    notAddress: (given: string) => `« ${given} » n’est pas une adresse électronique ; rien n’a changé.`,
    set: (who: string) => `le demandeur est désormais ${who} ; \`/reply\` lui écrit.`,
    acknowledged: ' Un accusé de réception lui est envoyé.',
  },
  merge: {
    name: '`/merge` : ',
    help: 'fusionne ce ticket dans #N (doublon) : le fil du client continue sur #N, ce ticket est fermé, ex. `/merge #42`',
    usage: 'écrivez `/merge #<numéro>` ; rien n’a changé.',
    otherRepository: (given: string) =>
      `${given} est dans un autre dépôt : on ne fusionne qu’entre tickets de ce dépôt ; rien n’a changé.`,
    itself: 'un ticket ne se fusionne pas dans lui-même ; rien n’a changé.',
    missing: (number: number) =>
      `#${number} n’existe pas dans ce dépôt ; vérifiez le numéro ; rien n’a changé.`,
    targetMerged: (number: number, into: number | undefined) =>
      `#${number} est lui-même fusionné${into === undefined ? '' : ` dans #${into}`} ; fusionnez plutôt dans le ticket qui le garde ; rien n’a changé.`,
    alreadyMerged: (into: number) =>
      `ce ticket est déjà fusionné dans #${into} ; \`/unmerge\` d’abord ; rien n’a changé.`,
    merged: (number: number) =>
      `ticket fusionné dans #${number} et fermé comme doublon : les réponses du client par courriel, sa référence et son lien de suivi mènent désormais à #${number}.`,
    labels: (labels: string) => ` Étiquettes reportées sur la cible : ${labels}.`,
    otherRequester: (address: string, number: number) =>
      ` Le demandeur de ce ticket (${address}) n’est pas celui de #${number} : il y est ajouté comme destinataire séparé et ne recevra que les réponses publiques envoyées à partir de maintenant, jamais le fil antérieur de l’autre demandeur.`,
    undo: ' `/unmerge` l’annule jusqu’à la fin de la journée.',
    target: (source: number) => `#${source} a été fusionné dans ce ticket.`,
    targetRequester: (address: string) =>
      ` Son demandeur (${address}) reçoit désormais aussi les réponses publiques de ce ticket, par un courriel séparé ; il n’a pas reçu le fil antérieur.`,
    targetFiles: (count: number) =>
      ` Ses fichiers (${count}) sont listés dans la description, sous « Fichiers des tickets fusionnés ».`,
    filesHeading: '**Fichiers des tickets fusionnés**',
  },
  unmerge: {
    name: '`/unmerge` : ',
    help: 'annule le `/merge` de ce ticket le jour même : il est rouvert et son fil client redevient le sien',
    usage: '`/unmerge` ne prend rien sur sa ligne ; rien n’a changé.',
    notMerged: 'ce ticket n’est fusionné dans aucun autre ; rien n’a changé.',
    tooLate: (day: string) =>
      `trop tard : la fusion date du ${day} et ne s’annule que le jour même ; rouvrez ce ticket et répondez au client depuis la cible ; rien n’a changé.`,
    done: (number: number) =>
      `fusion dans #${number} annulée : ce ticket est rouvert, les réponses du client par courriel y reviennent.`,
    target: (source: number) =>
      `la fusion de #${source} dans ce ticket est annulée : son demandeur ne reçoit plus les réponses de ce ticket.`,
  },
  link: {
    name: '`/link` : ',
    help: 'fait de #N le ticket maître de celui-ci (problème, incident majeur) : #N liste ses tickets liés, ex. `/link #7`',
    usage: 'écrivez `/link #<numéro>` ; rien n’a changé.',
    otherRepository: (given: string) =>
      `${given} est dans un autre dépôt : on ne lie qu’entre tickets de ce dépôt ; rien n’a changé.`,
    itself: 'un ticket n’est pas son propre ticket maître ; rien n’a changé.',
    missing: (number: number) =>
      `#${number} n’existe pas dans ce dépôt ; vérifiez le numéro ; rien n’a changé.`,
    linked: (number: number) =>
      `#${number} est désormais le ticket maître de celui-ci : il le liste ; \`/reply-all\` sur #${number} écrit à son demandeur, \`/resolve-all\` le résout.`,
    heading: '**Tickets liés · Linked tickets**',
  },
  unlink: {
    name: '`/unlink` : ',
    help: 'retire ce ticket de la liste de son ticket maître #N, ex. `/unlink #7`',
    usage: 'écrivez `/unlink #<numéro>` ; rien n’a changé.',
    notLinked: (number: number) => `ce ticket n’est pas lié à #${number} ; rien n’a changé.`,
    unlinked: (number: number) => `ce ticket n’est plus lié à #${number}, qui ne le liste plus.`,
  },
  replyAll: {
    name: '`/reply-all` : ',
    help: 'sur un ticket maître, envoie la même réponse au demandeur de chaque ticket lié, une fois chacun, ex. `/reply-all Le service est rétabli.`',
    usage: 'écrivez `/reply-all <texte>` ou `/reply-all <id-de-réponse>` ; rien n’a été envoyé.',
    noChildren: 'aucun ticket n’est lié à celui-ci (`/link #N` sur chacun) ; rien n’a été envoyé.',
    sent: (tickets: string) => `réponse envoyée au demandeur de ${tickets}, une fois chacun.`,
    noRequester: (tickets: string) => ` Sans demandeur, rien envoyé pour ${tickets}.`,
    nobody: 'aucun ticket lié n’a de demandeur ; rien n’a été envoyé.',
  },
  resolveAll: {
    name: '`/resolve-all` : ',
    help: 'sur un ticket maître, résout chaque ticket lié ouvert, avec la réponse écrite après (un courriel chacun), ex. `/resolve-all Le service est rétabli.`',
    noChildren: 'aucun ticket n’est lié à celui-ci (`/link #N` sur chacun) ; rien n’a changé.',
    noneOpen: 'aucun ticket lié n’est ouvert ; rien n’a changé.',
    resolved: (tickets: string) => `tickets liés résolus : ${tickets}.`,
    mailed: ' Leurs demandeurs ont reçu la réponse.',
    more: (count: number) => ` ${count} autres restent ouverts : relancez \`/resolve-all\` pour eux.`,
    child: (master: number) => `résolu avec son ticket maître #${master}.`,
  },
  spam: {
    name: '`/spam` : ',
    help: 'ferme le ticket comme indésirable et met en quarantaine les courriels de son expéditeur',
    usage: '`/spam` ne prend rien sur sa ligne ; rien n’a changé.',
    blocked: (address: string) =>
      `ticket fermé comme indésirable ; les courriels de ${address} sont mis en quarantaine sans réponse jusqu’à \`repodesk mail unblock ${address}\`.`,
    noSender: 'ticket fermé comme indésirable ; il n’a pas d’expéditeur à bloquer.',
  },
  snooze: {
    name: '`/snooze` : ',
    help: 'met le ticket en attente jusqu’à une date ou pour une durée, à l’heure du centre d’aide, puis le rouvre avec un rappel, ex. `/snooze 3d`, `/snooze 2026-12-24` ou `/snooze lundi 9h`',
    usage: (found: string, zone: string) =>
      `${found ? `« ${found} » n’est ni une durée ni une date` : 'il manque jusqu’à quand'} ; écrivez une durée (\`4h\`, \`3d\`), une date (\`2026-12-24\`, \`2026-12-24 14:00\`), un jour (\`lundi 9h\`, \`demain 14h30\`) ou une heure (\`14:00\`), à l’heure de ${zone} sauf décalage écrit (\`2026-12-24T14:00Z\`) ; rien n’a changé.`,
    past: (until: string) => `${until} est passé ; rien n’a changé.`,
    tooFar: 'au plus un an ; rien n’a changé.',
    closed: 'le ticket est fermé ; rouvrez-le d’abord (`/status open`) ; rien n’a changé.',
    snoozed: (until: string) =>
      `en attente jusqu’au ${until} ; il sera rouvert avec un rappel, sans relance ni clôture automatique d’ici là.`,
    wake: (until: string, login: string) =>
      `rappel : ce ticket était en attente jusqu’au ${until} à la demande de @${login} ; il est rouvert.`,
  },
  erase: {
    name: '`/erase` : ',
    help: 'efface les données personnelles du demandeur de ce ticket (RGPD) : adresse, nom, signature, pièces jointes',
    usage: 'écrivez `/erase` seul ; rien n’a changé.',
    noRequester:
      'ce ticket n’a pas de demandeur connu de repodesk (ou il est déjà effacé) ; rien n’a changé.',
    done:
      'le demandeur est effacé de ce ticket : son adresse, son nom, sa signature et les liens vers ses fichiers sont remplacés par « [effacé · erased] » dans le titre, la description et les commentaires ; repodesk a oublié son adresse, ses copies, ses courriels et les fichiers envoyés pour ce ticket. ' +
      'GitHub garde l’ancien texte dans l’historique des modifications (menu « edited ») de chaque texte modifié : supprimez chaque révision sur github.com (« Delete revision from history ») ou demandez-le au support GitHub. Ses autres tickets sont inchangés (`repodesk privacy erase` pour tous).',
  },
  help: {
    help: 'liste les commandes des agents',
    title: 'Commandes des agents (sur la première ligne d’un commentaire) :',
  },
  unknown: {
    note: (name: string, closest: string | undefined) =>
      `\`/${name}\` n’est pas une commande ; rien n’a changé.` +
      (closest ? ` Vouliez-vous dire \`/${closest}\` ?` : '') +
      ' `/help` liste les commandes.',
  },
};

/** A monitoring alert's ticket: its issue body and notes (src/channels/alerts/). */
export const alertTicket = {
  source: 'Source',
  severity: 'Sévérité',
  noSeverity: 'non précisée',
  fingerprint: 'Empreinte',
  labels: 'Étiquettes de l’alerte',
  links: 'Liens',
  occurrences: (count: number, first: string, last: string) =>
    `**Occurrences :** ${count} (première ${first}, dernière ${last}, UTC)`,
  flapping: (firings: number, minutes: number) =>
    `**Alerte instable :** au moins ${firings} déclenchements en ${minutes} min ; le ticket n’est ni résolu ni rouvert à chaque changement.`,
  resolvedNote: (at: string, resolves: boolean) =>
    `La supervision signale l’alerte résolue (${at} UTC).` +
    (resolves
      ? ' Le ticket passe au statut résolu ; il se rouvrira si l’alerte se déclenche de nouveau.'
      : ''),
};

/** The satisfaction survey: the bot's pages behind the mail's links (src/channels/satisfaction/) and the note. */
export const satisfaction = {
  good: 'satisfait',
  bad: 'pas satisfait',
  confirmTitle: 'Votre avis sur notre réponse',
  confirm: (ref: string, rating: string) => `Enregistrer votre avis sur la demande ${ref} : ${rating} ?`,
  confirmButton: 'Envoyer mon avis',
  thanksTitle: 'Merci pour votre avis',
  thanks: (ref: string, rating: string) =>
    `Votre avis sur la demande ${ref} est enregistré : ${rating}. Vous pouvez le changer en cliquant sur l’autre lien du courriel.`,
  errorTitle: 'Lien d’enquête inutilisable',
  expired: (ref: string) =>
    `Ce lien d’enquête sur la demande ${ref} a expiré (il est valable 30 jours après le courriel de résolution). Pour nous donner votre avis, répondez simplement au courriel.`,
  tampered:
    'Ce lien d’enquête n’est pas valide : il a peut-être été coupé ou modifié. Copiez-le en entier depuis le courriel, ou répondez simplement au courriel.',
  unknownRating: (given: string) =>
    `« ${given} » n’est pas un avis : le lien doit finir par /good ou /bad. Copiez-le en entier depuis le courriel.`,
  unknownTicket: (ref: string) =>
    `La demande ${ref} est introuvable. Copiez le lien en entier depuis le courriel, ou répondez simplement au courriel.`,
  /** The internal note on the issue (agents read the desk's first language). */
  note: (rating: 'good' | 'bad', at: string) =>
    `**Satisfaction client** : ${rating === 'good' ? '👍 satisfait' : '👎 pas satisfait'} (avis du ${at}, lien du courriel de résolution).`,
  noteComment: 'Commentaire du client (sur le site d’aide) :',
};

/** The agent page's list of replies the collision guard holds (the offline stack's page, src/offline/). */
export const heldReplies = {
  heading: 'Réponses retenues (deux agents ne répondent pas deux fois au même client)',
  none: 'Aucune réponse retenue.',
  states: { held: 'retenue', sent: 'envoyée', dropped: 'abandonnée' },
  replied: (by: string) => `@${by} avait déjà répondu`,
  took: (by: string) => `@${by} avait pris le ticket`,
  settled: (by: string, at: string) => `par @${by}, ${at}`,
};

/** The internal note on a phone call logged with values the bot refuses (channels/github/, intake/phone-call.ts). */
export const phoneCall = {
  heading: '**Appel téléphonique** : le demandeur n’est pas enregistré et aucun e-mail n’a été envoyé, car :',
  notAddress: (section: string, found: string) =>
    `« ${section} » : « ${found} » n’est pas une adresse électronique ; attendu : une adresse comme marie.curie@example.org.`,
  badPhone: (section: string, found: string) =>
    `« ${section} » : « ${found} » n’est pas un numéro de téléphone ; attendu : des chiffres, espaces et + ( ) . - / (40 caractères au plus).`,
  badName: (section: string, found: string) =>
    `« ${section} » : « ${found} » contient des caractères refusés dans un nom (< > @ ou des caractères de contrôle).`,
  fix: 'Pour corriger : `/requester <adresse> [nom]` enregistre le demandeur et lui envoie l’accusé de réception.',
};
