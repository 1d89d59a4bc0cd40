// The layout of src/ as rules (`npx depcruise src`, run by .ci/run): arrows point down only.
//   wiring   bot/ cli/
//   edges    channels/{form,email,github,feedback}/ outbound/ executor/ offline/ standin/ setup/ privacy/
//   context  context.ts: the one context every route, job, handler and scheduled task receives
//   ports    http/ store/ tracker/ mailer/ worker/ config/
//   engines  conditions/ routing/ sla/ lifecycle/ commands/ forms/ kb/ feedback/ intake/ mail/ tickets/ rule-examples/ simulate/ (pure)
//   ground   rules/ messages/ (the bot's texts in French and English: imports nothing, anything may import it)
// A violation names the rule, the importing file and the imported one; each exception below says why.

const engines =
  '^src/(conditions|routing|sla|lifecycle|commands|forms|kb|feedback|intake|mail|tickets|rule-examples|simulate)/';
const aboveEngines =
  '^src/(bot|channels|http|executor|store|tracker|outbound|mailer|worker|config|offline|standin|setup|privacy|cli)/|^src/context\\.ts$';
const edgesAndWiring = '^src/(bot|channels|outbound|executor|offline|setup|privacy|cli)/|^src/context\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Modules never import each other in a loop.',
      severity: 'error',
      from: { pathNot: '^src/(conditions|rules)/' },
      to: { circular: true },
    },
    {
      name: 'no-circular-at-run-time',
      comment:
        'Exception to no-circular for conditions/ and rules/: a loop through a type-only import is allowed, ' +
        'none that loads modules. The registry of condition keys (conditions/index.ts) and the table of ' +
        'formats (rules/formats/index.ts) derive their types from their entries, and an entry that needs ' +
        'the derived type (all/any/not take any condition, a reader takes a format id) imports it back as a type.',
      severity: 'error',
      from: { path: '^src/(conditions|rules)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Folders never import each other in a loop: each room stands above what it imports.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'rules-is-ground',
      comment:
        'rules/ (the formats of the desk files, their loader and model) is read by everyone: it imports ' +
        'nothing of src/ but itself, conditions/ (the `when` of routing rules and SLA policies) and ' +
        'routing/actions/ (the `then` of routing rules).',
      severity: 'error',
      from: { path: '^src/rules/' },
      to: { path: '^src/', pathNot: '^src/(rules|conditions|routing/actions)/' },
    },
    {
      name: 'routing-actions-stand-alone',
      comment:
        "routing/actions/ (one file per action of a rule's `then`: schema, how it applies, its checks) is read " +
        'by rules/ and routing/: it imports nothing of src/ but itself and conditions/.',
      severity: 'error',
      from: { path: '^src/routing/actions/' },
      to: { path: '^src/', pathNot: '^src/(routing/actions|conditions)/' },
    },
    {
      name: 'engines-stay-pure',
      comment:
        'Engines take data and an explicit now: no adapter, no context, no edge or wiring (see the list above).',
      severity: 'error',
      from: { path: engines },
      to: { path: aboveEngines },
    },
    {
      name: 'conditions-stand-alone',
      comment:
        'conditions/ (one file per condition key: schema, checks, matcher, proofs, words) is read by rules/, ' +
        'routing/, sla/ and the site: it imports nothing of src/ but itself and tickets/.',
      severity: 'error',
      from: { path: '^src/conditions/' },
      to: { path: '^src/', pathNot: '^src/(conditions|tickets)/' },
    },
    {
      name: 'engines-do-no-io',
      comment:
        'Engines never touch the disk or the network, nor the clients of GitHub and mail servers. ' +
        'Exception: nodemailer/lib/addressparser, a pure address parser (mail/read-addresses.ts).',
      severity: 'error',
      from: { path: engines },
      to: {
        path: [
          '^(node:)?(fs|fs/promises|net|http|https|http2|dgram|child_process)$',
          'node_modules/(@octokit|nodemailer|imapflow|smtp-server)/',
        ],
        pathNot: ['node_modules/nodemailer/(lib|dist/[a-z]+)/addressparser/'],
      },
    },
    {
      name: 'routes-only-from-bot',
      comment:
        'An HTTP route file (channels/*/…-route.ts) is listed by bot/routes.ts; nothing else imports it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/bot/' },
      to: { path: '^src/channels/.*-route[.]ts$' },
    },
    {
      name: 'channels-stay-apart',
      comment:
        'A channel imports nothing of another channel (a job file, a payload type): what two channels share moves down, to outbound/ or lower.',
      severity: 'error',
      from: { path: '^src/channels/([^/]+)/' },
      to: { path: '^src/channels/[^/]+/', pathNot: '^src/channels/$1/' },
    },
    {
      name: 'ports-import-no-edge',
      comment:
        'Ports (http, store, tracker, mailer, worker, config) know nothing of the bot: no context, channel, outbound job or wiring.',
      severity: 'error',
      from: { path: '^src/(http|store|tracker|mailer|worker|config)/' },
      to: { path: edgesAndWiring },
    },
    {
      name: 'executor-imports-no-channel',
      comment:
        'The executor applies the actions of every channel and of the sweep: it imports none of them, nor the wiring above.',
      severity: 'error',
      from: { path: '^src/executor/' },
      to: { path: '^src/(bot|channels|offline|cli|sweep)/' },
    },
    {
      name: 'config-imports-no-port',
      comment: 'config/ is read first and by everyone: it imports no other port.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^src/(http|store|tracker|mailer|worker)/' },
    },
    {
      name: 'messages-are-ground',
      comment:
        "messages/ holds only texts: it imports nothing but its own files, so any room (the browser's form page too) may import it.",
      severity: 'error',
      from: { path: '^src/messages/' },
      to: { pathNot: '^src/messages/' },
    },
    {
      name: 'nothing-imports-wiring',
      comment: 'bot/ and cli/ are on top: only cli/ (and the offline stack it starts) builds the bot.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(bot|cli|offline)/' },
      to: { path: '^src/(bot|cli)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
