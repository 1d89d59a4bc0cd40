// Ships the bot's own submission schemas to the browser without shipping a schema compiler: at build
// time each form's schema (src/forms/submission-schema.ts, per language) is compiled by Ajv into a
// standalone validation function, served to the form page as a module of its own
// (`virtual:repodesk/validator/<form>/<lang>`). The browser then maps the errors to messages with the
// very module the bot uses (src/forms/submission-errors.ts): one source, no drift.
import { Ajv } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import type { Plugin } from 'vite';
import { submissionSchema, submissionValidatorOptions } from '../../src/forms/submission-schema.ts';
import { siteRules } from './rules.ts';

const PREFIX = 'virtual:repodesk/validator/';
const RESOLVED = `\0${PREFIX}`;
const INDEX = 'virtual:repodesk/validators';

// The CommonJS default export arrives wrapped under Node's ESM interop.
const standaloneCode = ((standaloneModule as unknown as { default?: typeof standaloneModule }).default ??
  standaloneModule) as unknown as (ajv: Ajv, validate: unknown) => string;

/** The ES module source of the validation function of `formId` filled in `lang`. */
async function validatorSource(formId: string, lang: string): Promise<string> {
  const form = (await siteRules()).forms[formId];
  if (!form) throw new Error(`no form "${formId}" under rules/forms/`);
  // The options src/forms/validate-submission.ts uses too, so both report the same errors.
  const ajv = new Ajv({ ...submissionValidatorOptions, code: { source: true, esm: true } });
  const code = standaloneCode(ajv, ajv.compile(submissionSchema(form, formId, lang)));
  // Ajv's runtime helpers are referenced with require(); turn them into imports for the bundler.
  const imports: string[] = [];
  const body = code.replace(
    /require\("(ajv\/dist\/runtime\/[a-z0-9]+)"\)\.default/gi,
    (_whole, module: string) => {
      const name = `runtime${imports.length}`;
      imports.push(
        `import * as ${name}Module from '${module}.js';\nconst ${name} = ${name}Module.default?.default ?? ${name}Module.default;`,
      );
      return name;
    },
  );
  return `${imports.join('\n')}\n${body.replace(/^"use strict";/, '')}`;
}

/**
 * The Vite plugin that serves `virtual:repodesk/validator/<form>/<lang>`, and `virtual:repodesk/validators`:
 * a table of lazy imports, one small chunk per form and language, loaded by the form page that needs it.
 */
export function formValidators(): Plugin {
  return {
    name: 'repodesk-form-validators',
    resolveId(id) {
      return id === INDEX || id.startsWith(PREFIX) ? `\0${id}` : undefined;
    },
    async load(id) {
      if (id === `\0${INDEX}`) {
        const { desk, forms } = await siteRules();
        const entries = Object.keys(forms).flatMap((formId) =>
          desk.languages.map(
            (lang) =>
              `  ${JSON.stringify(`${formId}/${lang}`)}: () => import(${JSON.stringify(`${PREFIX}${formId}/${lang}`)}),`,
          ),
        );
        return `export const validators = {\n${entries.join('\n')}\n};\n`;
      }
      if (!id.startsWith(RESOLVED)) return undefined;
      const [formId = '', lang = ''] = id.slice(RESOLVED.length).split('/');
      return validatorSource(formId, lang);
    },
  };
}
