#!/usr/bin/env bash
# Rebuilds the committed GOV.UK Frontend output in static/govuk/ from the pinned
# packages in package-lock.json. Only needed when app.scss or the pinned
# versions change: running and testing the site need no Node.
#
#   bash frontend/build.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../static/govuk"
govuk="$here/node_modules/govuk-frontend/dist/govuk"

cd "$here"
npm ci --no-audit --no-fund

version="$(node -p 'require("govuk-frontend/package.json").version')"

rm -rf "$out"
mkdir -p "$out/assets/images"

# quiet-deps hides deprecation warnings raised inside govuk-frontend itself;
# `import` is silenced because govuk-frontend 5 is built to be @imported.
npx sass \
  --load-path=node_modules \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  --silence-deprecation=import \
  src/app.scss "$out/govuk-frontend.min.css"

# The ES module bundle, loaded by static/js/init.js. Its source map is not
# shipped, so drop the comment pointing at it (Django's manifest storage would
# otherwise look for the missing .map file).
sed -e 's|//# sourceMappingURL=[^ ]*$||' "$govuk/govuk-frontend.min.js" > "$out/govuk-frontend.min.js"

# Images only: no GDS Transport fonts (we use Arial) and none of the crown
# images or GOV.UK icons (a council service is not GOV.UK): only what the
# compiled CSS refers to, because Django's manifest storage fails collectstatic
# on a missing url(). Today that is govuk-crest.svg, the footer's Royal Arms,
# which our footer never shows (base.html has no .govuk-footer__copyright-logo).
for image in $(grep -o 'url([^)]*images/[^)]*)' "$out/govuk-frontend.min.css" \
  | sed -E 's/.*images\/([^)"'"'"']*).*/\1/' | sort -u); do
  cp "$govuk/assets/images/$image" "$out/assets/images/$image"
done

cat > "$out/VERSION" <<VERSION
govuk-frontend $version
sass $(npx sass --version | cut -d' ' -f1)
Compiled from frontend/src/app.scss (Arial, assets at /static/govuk/assets/).
Rebuild: bash frontend/build.sh
VERSION

echo "Built govuk-frontend $version into $out"
