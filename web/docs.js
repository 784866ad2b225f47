// Starts Swagger UI on the document this server serves. Authorize logs in with OAuth2 client credentials at
// the token endpoint the document names; the application-id and account-id headers come filled with the
// first client's (1 and 1). No request leaves this server: the online validator is off.
window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  deepLinking: true,
  displayRequestDuration: true,
  filter: true,
  validatorUrl: null,
  defaultModelsExpandDepth: 0,
});
