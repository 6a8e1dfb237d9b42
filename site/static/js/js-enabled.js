// Marks the page as scripted before GOV.UK Frontend styles it. A static file,
// not an inline script, so a strict Content-Security-Policy can forbid inline code.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
