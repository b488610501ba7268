/**
 * What Enter → painted costs a page that does no work at all: its keydown handler changes the
 * DOM at once, timed exactly as enter_to_number_p95_ms times the app (the key event's own
 * timestamp, the next animation frame, one task after it). The app cannot paint sooner than
 * this on the same machine and browser, so it is printed beside that figure as its floor.
 */
import type { Browser } from '@playwright/test'
import { percentile } from '../measure'
import { seededRandom } from '../../src/shared/seeded-random'

const PAGE = `<!doctype html><input id="field" autofocus><p id="out">0</p><script>
var shown = 0; window.__toFrame = [];
document.addEventListener('keydown', function (event) {
  if (event.key !== 'Enter') return;
  var from = event.timeStamp;
  document.getElementById('out').textContent = String(++shown);
  requestAnimationFrame(function () {
    var channel = new MessageChannel();
    channel.port1.onmessage = function () { window.__toFrame.push(performance.now() - from); };
    channel.port2.postMessage(null);
  });
}, true);
</script>`

/** Presses Enter `presses` times (after `warmUp` untimed ones) and answers the p50 and p95 to the frame. */
export async function measureFrameFloor(browser: Browser, warmUp: number, presses: number): Promise<{ p50: number; p95: number }> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 820 } })
  try {
    await page.setContent(PAGE)
    const field = page.locator('#field')
    // A press right after the wait (which polls on animation frames) would always land just after a
    // frame; the app's receptions land anywhere in one, so these are spread over a frame too.
    const random = seededRandom(18)
    for (let i = 0; i < warmUp + presses; i++) {
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 17)))
      await field.press('Enter')
      await page.waitForFunction((count) => (globalThis as unknown as { __toFrame: number[] }).__toFrame.length >= count, i + 1)
    }
    const samples = (await page.evaluate(() => (globalThis as unknown as { __toFrame: number[] }).__toFrame)).slice(warmUp)
    return { p50: percentile(samples, 50), p95: percentile(samples, 95) }
  } finally {
    await page.close()
  }
}
