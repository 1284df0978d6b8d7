import { expect, test } from "@playwright/test";
import { failOnConsoleErrors, hydrated, signUp, uniqueEmail } from "./helpers";

// Debian's Chromium here has no Indic system fonts: without the bundled
// faces, Hindi and Tamil names would be empty boxes. A page in English
// downloads no font; a page showing Devanagari and Tamil fetches those two
// scripts' fonts and draws with them.

test("an English page fetches no font and Indic text is drawn with the bundled fonts", async ({ page, request }) => {
  const errors = failOnConsoleErrors(page);
  // Only the URLs here: a font fetched on the sign-up page has no body to
  // read once the browser has moved on to the dashboard.
  const fonts: string[] = [];
  page.on("response", (response) => {
    if (response.url().includes("/fonts/")) fonts.push(response.url());
  });

  await page.goto("/");
  await hydrated(page);
  await page.evaluate(() => document.fonts.ready);
  expect(fonts).toEqual([]);

  await signUp(page, { role: "Creator", name: "प्रिया தமிழ்", email: uniqueEmail("fonts") });
  await expect(page.getByText("प्रिया தமிழ்").first()).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
  const loaded = await page.evaluate(() =>
    Array.from(document.fonts)
      .filter((f) => f.status === "loaded")
      .map((f) => f.family.replaceAll('"', "")),
  );
  expect(loaded).toContain("MAT-CHA Devanagari");
  expect(loaded).toContain("MAT-CHA Tamil");
  expect(loaded).not.toContain("MAT-CHA Telugu");
  expect(loaded).not.toContain("MAT-CHA Bengali");
  // The glyphs really come from them: the name in the header is as wide as
  // the same text set in the bundled faces alone, not as fallback boxes.
  const name = page.getByText("प्रिया தமிழ்", { exact: true }).first();
  const widthGap = () =>
    name.evaluate((element) => {
      const style = getComputedStyle(element);
      const span = document.createElement("span");
      span.textContent = element.textContent;
      span.style.font = `${style.fontWeight} ${style.fontSize} "MAT-CHA Devanagari", "MAT-CHA Tamil"`;
      span.style.letterSpacing = style.letterSpacing;
      document.body.append(span);
      const bundled = span.getBoundingClientRect().width;
      span.remove();
      const range = document.createRange();
      range.selectNodeContents(element);
      return Math.abs(range.getBoundingClientRect().width - bundled);
    });
  await expect.poll(widthGap, { timeout: 10_000 }).toBeLessThan(2);
  const fetched = [...new Set(fonts.map((url) => url.split("/fonts/")[1]))].sort();
  expect(fetched).toEqual(["noto-sans-devanagari.woff2", "noto-sans-tamil.woff2"]);
  let bytes = 0;
  for (const name of fetched) bytes += (await (await request.get(`/fonts/${name}`)).body()).length;
  console.log(`font bytes for a page with Hindi and Tamil: ${bytes}`);
  expect(errors).toEqual([]);
});
