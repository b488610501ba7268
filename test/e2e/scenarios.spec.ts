import { SCENARIOS } from '../scenarios/index'
import { test } from './fixtures'

// The shared scenarios (test/scenarios), driven in Chromium through the browser harness.
for (const [feature, scenarios] of Object.entries(SCENARIOS)) {
  test.describe(feature, () => {
    for (const [title, scenario] of Object.entries(scenarios)) test(title, ({ bench }) => scenario(bench))
  })
}
