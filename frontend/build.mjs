// Builds the front-end assets into build/static (git-ignored), which Django
// serves through STATICFILES_DIRS. Run with `npm run build`.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });

const result = sass.compile(join(root, "frontend", "scss", "main.scss"), {
  importers: [new sass.NodePackageImporter()],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "css", "main.css"), result.css);

cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "js", "govuk-frontend.min.js"));
// Generic icons only. The crest file is copied solely because GOV.UK Frontend's
// compiled CSS names it (for the GOV.UK header, which we never render); the
// manifest storage refuses to build with a dangling url().
mkdirSync(join(out, "assets", "images"), { recursive: true });
for (const name of ["favicon.ico", "favicon.svg", "govuk-icon-mask.svg", "govuk-crest.svg"]) {
  cpSync(join(govuk, "assets", "images", name), join(out, "assets", "images", name));
}
console.log(`Built ${join(out, "css", "main.css")} (${result.css.length} bytes)`);
