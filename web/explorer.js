// Bootstrap of the GraphQL explorer (src/web/explorer.ts serves the page): GraphiQL over this
// server's own /graphql, HTTP for queries and mutations, the same URL's WebSocket (graphql-ws)
// for subscriptions. The bearer token goes in the Headers editor ({"authorization": "Bearer …"});
// it is sent as a header (HTTP) or in connectionParams (WebSocket), never in a URL.
(function () {
  'use strict';

  const settings = document.body.dataset;
  const introspection = settings.introspection !== 'false';
  const examples = JSON.parse(settings.examples || '[]');
  const httpUrl = new URL('/graphql', location.href).toString();
  const wsUrl = httpUrl.replace(/^http/, 'ws');

  /** The Authorization header of the Headers editor, whatever its case. */
  function authorizationOf(headers) {
    for (const [name, value] of Object.entries(headers || {})) {
      if (name.toLowerCase() === 'authorization' && typeof value === 'string') return value;
    }
    return undefined;
  }

  /** One socket per token: a changed token opens a new connection (graphql-ws authenticates at connection_init). */
  const sockets = new Map();
  function socketFor(authorization) {
    const key = authorization || '';
    if (!sockets.has(key)) {
      sockets.set(
        key,
        graphqlWs.createClient({ url: wsUrl, lazy: true, retryAttempts: 3, connectionParams: authorization ? { authorization } : {} }),
      );
    }
    return sockets.get(key);
  }

  /**
   * The document GraphiQL parsed, if it is the one being sent: right after a tab switch GraphiQL
   * may still hand over the previous tab's document and operation name with the new query.
   */
  function currentDocument(params, options) {
    const ast = options && options.documentAST;
    return ast && ast.loc && ast.loc.source && ast.loc.source.body === params.query ? ast : null;
  }

  function isSubscription(params, ast) {
    if (!ast) return /^\s*subscription\b/m.test(params.query || '');
    const operations = ast.definitions.filter((d) => d.kind === 'OperationDefinition');
    const chosen =
      operations.find((d) => d.name && d.name.value === params.operationName) || (operations.length === 1 ? operations[0] : null);
    return chosen ? chosen.operation === 'subscription' : false;
  }

  async function overHttp(params, headers) {
    const response = await fetch(httpUrl, {
      method: 'POST',
      headers: Object.assign({ 'content-type': 'application/json', accept: 'application/json' }, headers),
      body: JSON.stringify(params),
    });
    return response.json();
  }

  function fetcher(params, options) {
    const headers = (options && options.headers) || {};
    const ast = currentDocument(params, options);
    // A stale operation name (another tab's) would make the server refuse the document.
    const name = params.operationName;
    if (!ast && name && !new RegExp(`\\b${name}\\b`).test(params.query || ''))
      params = Object.assign({}, params, { operationName: undefined });
    if (isSubscription(params, ast)) return socketFor(authorizationOf(headers)).iterate(params);
    return overHttp(params, headers);
  }

  const container = document.getElementById('graphiql');
  container.textContent = '';
  if (!introspection) {
    const notice = document.createElement('p');
    notice.className = 'explorer-notice';
    notice.setAttribute('role', 'status');
    notice.textContent = settings.introspectionOffNotice;
    container.before(notice);
  }

  const explorer = React.createElement(GraphiQL, {
    fetcher,
    // null: do not ask for the schema (the server refuses introspection).
    schema: introspection ? undefined : null,
    defaultTabs: examples.map((example) => ({ query: example.query, variables: example.variables })),
    defaultHeaders: '{}',
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: true,
  });
  ReactDOM.createRoot(container).render(explorer);
})();
