// Every text the bot writes to customers and agents, in French: the reference table. en.ts must have the
// same areas and keys with the same parameters (checked by TypeScript, and by test/messages/messages.test.ts).
// One named export per area, named after where the text appears, so the browser's bundle takes only the
// areas it runs (formErrors, uploads). A text with values is a function of them: TypeScript checks every
// call, and a text can choose its words (singular, a missing name) and typography (`« »`, ` :`).

/** The form's per-field messages (422), on the form page and from the bot: src/forms/submission-errors.ts. */
export const formErrors = {
  required: (label: string) => `${label} : ce champ est obligatoire.`,
  tooLong: (label: string, limit: string, found: string) =>
    `${label} : ${limit} caractères au maximum (vous en avez saisi ${found}).`,
  tooShort: (label: string, limit: string) => `${label} : ${limit} caractères au minimum.`,
  text: (label: string) => `${label} : un texte est attendu.`,
  email: (label: string) => `${label} : cette adresse n'est pas valide (exemple : nom@exemple.fr).`,
  /** An address with a character nobody sees (or a space, a control…): which one and where. */
  addressCharacter: (label: string, character: string, position: number) =>
    `${label} : l'adresse contient le caractère ${character} en position ${position}, invisible ou interdit dans une adresse. Retapez l'adresse au clavier plutôt que de la coller.`,
  /** An address whose domain is an IP address. */
  addressIp: (label: string, domain: string) =>
    `${label} : le domaine « ${domain} » est une adresse IP ; indiquez un nom de domaine (exemple : nom@exemple.fr).`,
  characterKinds: {
    control: 'caractère de contrôle',
    surrogate: 'demi-codet isolé',
    'private-use': 'caractère à usage privé',
    unassigned: 'caractère non attribué',
    invisible: 'caractère invisible',
  },
  choose: (label: string, options: string) =>
    `${label} : choisissez parmi les options proposées (${options}).`,
  duplicate: (label: string) => `${label} : une option est choisie deux fois.`,
  tick: (label: string, option: string) => `${label} : cochez « ${option} ».`,
  tickOne: (label: string) => `${label} : cochez au moins une case.`,
  boxes: (label: string, count: number) =>
    `${label} : ${count} cases attendues (une valeur vrai ou faux par case).`,
  unknownField: (id: string) => `Le champ « ${id} » n'existe pas dans ce formulaire.`,
  wrongForm: (expected: string) => `Ce formulaire n'est pas « ${expected} ». Rechargez la page.`,
  missingForm: (known: string) =>
    `Formulaire : aucun formulaire indiqué (champ « form ») ; formulaires existants : ${known}.`,
  unknownForm: (found: string, known: string) =>
    `Formulaire : « ${found} » n'existe pas ; formulaires existants : ${known}. Rechargez la page.`,
  wrongLang: (expected: string) => `La langue du formulaire devrait être « ${expected} ». Rechargez la page.`,
  technical: (key: string) =>
    `Donnée technique « ${key} » absente ou invalide. Rechargez la page et réessayez.`,
  requester: { name: 'Nom', email: 'Adresse e-mail', organisation: 'Organisation', phone: 'Téléphone' },
  attachments: {
    notOffered: "Ce formulaire n'accepte pas de pièces jointes. Rechargez la page.",
    tooMany: (limit: string, found: string) =>
      `Pièces jointes : ${limit} fichiers au plus par demande (vous en avez joint ${found}). Retirez-en.`,
    duplicate: 'Pièces jointes : un même fichier est joint deux fois. Retirez-en un.',
    unknown: (position: number) =>
      `Pièces jointes : le fichier n° ${position} est inconnu du service. Retirez-le et ajoutez-le à nouveau.`,
    gone: (name: string | undefined, position: number, hours: number) =>
      `${name === undefined ? `Pièces jointes : le fichier n° ${position}` : `${name} : ce fichier`} n'est plus disponible sur le service (un fichier non envoyé avec une demande est effacé après ${hours} heures). Retirez-le et ajoutez-le à nouveau.`,
  },
};

/** What the form says about a file (the page and the upload route): src/forms/upload-texts.ts. */
export const uploads = {
  /** Units of `fileSize`, in powers of 1,024. */
  units: { bytes: 'o', kilobytes: 'ko', megabytes: 'Mo' },
  unsafeContent: (name: string, entry: string) =>
    `${name} : ce document contient un programme, un script ou une macro (${entry}) ; enregistrez-le sans, ou envoyez un PDF.`,
  /** A part of the document unpacks too far for its size. */
  zipBomb: (name: string, part: string, size: string, maxRatio: number) =>
    `${name} : sa partie ${part} se décompresserait en ${size}, plus de ${maxRatio} fois sa taille, comme une bombe de décompression ; enregistrez le document à nouveau, ou envoyez un PDF.`,
  unpackedTooLarge: (name: string, size: string, limit: string) =>
    `${name} : une fois décompressé, ce document occuperait ${size} ; la limite est de ${limit}. Enregistrez-le à nouveau, ou envoyez un PDF.`,
  tooLarge: (name: string, limit: string) =>
    `${name} : fichier trop volumineux ; la limite est de ${limit} par fichier.`,
  tooMany: (name: string, maxFiles: number) => `${name} : ${maxFiles} fichiers au plus par demande.`,
  empty: (name: string) => `${name} : le fichier est vide.`,
  typeNotAllowed: (name: string) =>
    `${name} : ce type de fichier n'est pas accepté ; envoyez une image, un PDF, un texte, un CSV ou un document bureautique.`,
  /** 503: too many files waiting to be sent with a request. */
  quota: (limit: string) =>
    `Le service garde déjà trop de fichiers pas encore envoyés avec une demande (limite : ${limit}) ; réessayez dans quelques minutes.`,
  /** 503: the bot's disk is full. */
  diskFull:
    'Le service ne peut pas enregistrer de fichier pour le moment (son disque est plein) ; réessayez dans quelques minutes.',
};

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
  channels: { web: 'formulaire web', email: 'e-mail', github: 'GitHub', api: 'API' },
  truncated: (ref: string) =>
    `_Texte tronqué à la limite de GitHub : le texte complet est conservé par repodesk, référence ${ref}._`,
  /** After the body of a ticket that follows a closed one (a late reply by mail). */
  follows: 'Suite de la demande',
  /** The requester's address came from another header than From. */
  senderFrom: (header: string, from: string) =>
    `**Adresse du demandeur lue dans ${header}** : l’en-tête From (« ${from} ») n’en donnait pas d’utilisable en premier.`,
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
  /** The `{{limit}}` of the too-large template: the size a mail may have. */
  sizeLimit: (megabytes: number) => `${megabytes} Mo`,
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
