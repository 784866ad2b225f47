#!/usr/bin/env node
// CTest odata_client: the Query API as a standard OData v4 client sees it. The real server starts on a fresh
// data folder; the test writes data through the Connect import API (SKUs) and the Management API (categories),
// then @odata/client (light-odata) gets its own token (OAuth2 client credentials), loads the $metadata of the
// Products, Application and Core namespaces (parsed by @sap-ux/edmx-parser, a standard EDMX reader: @odata/metadata
// only builds metadata for a server) and runs queries built by the client's filter and option builders:
// $filter with and/eq, $select, $orderby, $top, $count, key access, and the next page of @odata.nextLink.
//   node client.mjs path/to/norced
import assert from 'node:assert/strict';
import { OData } from '@odata/client';
import { parse } from '@sap-ux/edmx-parser';
import { clientId, clientSecret, startServer } from '../docs/server.mjs';

const server = await startServer(process.argv[2], ['--query-page-size', '4']);
const query = `${server.url}/commerce/query/2.0`;
let failed = false;

async function token() {
  const res = await fetch(`${server.url}/identity/1.0/connect/token`, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()).access_token;
}

// The first client of a new database: application 1, account 1, with the connect, management and query resources.
async function call(bearer, method, path, body, extra = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Authorization: `Bearer ${bearer}`, 'application-id': '1', 'account-id': '1',
      'Content-Type': 'application/json', ...extra },
  });
  const text = await res.text();
  assert.equal(res.status, 200, `${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function importSkus(bearer, skus) {
  const items = skus.map(([part, status, ean]) => ({
    ManufacturerCode: 'OD', ManufacturerName: 'OData AB',
    Variants: [{ ManufacturerPartNo: part, Skus: [{ PartNo: part, Status: status, Type: 1, EanCode: ean }] }],
  }));
  const header = { AccountId: 1, FullFile: false, ProductFieldsThatAreSet: [0, 1, 4], VariantFieldsThatAreSet: [0, 5],
    SkuFieldsThatAreSet: [1, 2, 5] };
  const job = await call(bearer, 'POST', '/commerce/connect/4.0/Product/ImportProducts', items,
    { 'X-StormConnect-Header': JSON.stringify(header) });
  for (let i = 0; i < 6000; i++) {  // polling the server's worker, not timing anything
    const state = await call(bearer, 'GET', `/commerce/connect/4.0/Job/Get?id=${job.JobId}`);
    if (state.IsFinished) {
      assert.equal(state.StatusId, 2, JSON.stringify(state));
      assert.equal(state.Fail, 0, JSON.stringify(state));
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`import job ${job.JobId} did not finish`);
}

function odataClient(namespace) {
  return OData.New4({
    serviceEndpoint: `${query}/${namespace}/`,
    credential: { tokenUrl: `${server.url}/identity/1.0/connect/token`, clientId, clientSecret,
      tokenRetrieveType: 'form' },
    commonHeaders: { 'application-id': '1' },
  });
}

// $metadata through the client (its request machinery, its token), read as EDMX.
async function metadata(client) {
  const xml = await client.newRequest({ collection: '$metadata' });
  assert.equal(typeof xml, 'string');
  const { schema, version } = parse(xml);
  assert.equal(version, '4.0');
  return schema;
}

const entitySet = (schema, name) => schema.entitySets.find((s) => s.name === name);
const entityType = (schema, set) => schema.entityTypes.find((t) => t.fullyQualifiedName === set.entityTypeName);
const names = (rows, property) => rows.map((r) => r[property]);

async function products() {
  const client = odataClient('Products');
  const schema = await metadata(client);
  assert.equal(schema.namespace, 'Products');
  const set = entitySet(schema, 'ProductSkus');
  assert.ok(set, 'ProductSkus in the Products container');
  const type = entityType(schema, set);
  assert.deepEqual(type.keys.map((k) => k.name), ['PartNo']);
  const props = new Map(type.entityProperties.map((p) => [p.name, p.type]));
  assert.equal(props.get('PartNo'), 'Edm.String');
  assert.equal(props.get('Status'), 'Edm.Int32');
  assert.ok(props.has('EanCode') && props.has('ProductId'), [...props.keys()].join(','));
  for (const other of ['Products', 'ProductSkuPriceLists']) assert.ok(entitySet(schema, other), other);

  const skus = client.getEntitySet(set.name);
  const key = type.keys[0].name;

  // $filter with and/eq, $select, $orderby, $top.
  const active = await skus.query(client.newOptions()
    .filter(client.newFilter().field('Status').eq(1).field('EanCode').eq('7350000000002'))  // Status eq 1 and EanCode eq '...'
    .select([key, 'Status', 'EanCode']));
  assert.deepEqual(active, [{ PartNo: 'OD-2', Status: 1, EanCode: '7350000000002' }]);
  const firstThree = await skus.query(client.newOptions()
    .filter(client.newFilter().field('Status').eq(1)).select([key]).orderby(key, 'desc').top(3));
  assert.deepEqual(names(firstThree, key), ['OD-9', 'OD-8', 'OD-7']);
  assert.deepEqual(Object.keys(firstThree[0]), [key], 'only the selected property');
  const inactive = await skus.query(client.newFilter().field('Status').eq(2));
  assert.deepEqual(names(inactive, key).sort(), ['OD-10', 'OD-11']);

  // $count (the client's count(): $top=1&$count=true).
  assert.equal(await skus.count(client.newFilter().field('Status').eq(1)), 9);
  assert.equal(await skus.count(), 11);

  // Key access: ProductSkus('OD-5'), and the product it belongs to by its integer key.
  const one = await skus.retrieve('OD-5');
  assert.equal(one.PartNo, 'OD-5');
  assert.equal(one.Status, 1);
  const product = await client.getEntitySet('Products').retrieve(one.ProductId);
  assert.equal(product.Id, one.ProductId);
  await assert.rejects(skus.retrieve('OD-404'), 'a missing key is an error the client raises');

  // Server-driven paging (a page of 4 rows here): each answer's @odata.nextLink, whose $skiptoken the client
  // sends with the same options, until there is none. Every SKU once, in order.
  const options = () => client.newOptions().select([key]).orderby(key, 'asc').count(true);
  let page = await client.newRequest({ collection: set.name, params: options() });
  assert.equal(page['@odata.count'], 11);
  const seen = [];
  let pages = 0;
  for (;;) {
    assert.ok(Array.isArray(page.value), JSON.stringify(page));
    assert.ok(page.value.length <= 4);
    seen.push(...names(page.value, key));
    ++pages;
    const link = page['@odata.nextLink'];
    if (!link) break;
    const next = new URL(link, `${query}/Products/`);
    assert.equal(next.pathname, '/commerce/query/2.0/Products/ProductSkus');
    page = await client.newRequest({ collection: set.name,
      params: options().custom('$skiptoken', next.searchParams.get('$skiptoken')) });
  }
  assert.equal(pages, 3);
  const parts = Array.from({ length: 11 }, (_, i) => `OD-${i + 1}`).sort();
  assert.deepEqual(seen, parts);
}

async function application(bearer) {
  const shoes = await call(bearer, 'POST', '/api/category', { Code: 'OD-SHOES', Name: 'Shoes' });
  const boots = await call(bearer, 'POST', '/api/category', { Code: 'OD-BOOTS', Name: 'Boots', ParentId: shoes });
  const client = odataClient('Application');
  const schema = await metadata(client);
  assert.equal(schema.namespace, 'Application');
  const set = entitySet(schema, 'Categories');
  assert.ok(set, 'Categories in the Application container');
  const type = entityType(schema, set);
  assert.deepEqual(type.keys.map((k) => k.name), ['Id']);
  assert.equal(type.entityProperties.find((p) => p.name === 'Id').type, 'Edm.Int32');
  assert.ok(entitySet(schema, 'ClientManufacturers'));

  const categories = client.getEntitySet('Categories');
  const found = await categories.query(client.newOptions()
    .filter(client.newFilter().field('Code').eq('OD-BOOTS').field('ParentId').eq(shoes))
    .select(['Id', 'Code', 'Name', 'ParentId']));
  assert.deepEqual(found, [{ Id: boots, Code: 'OD-BOOTS', Name: 'Boots', ParentId: shoes }]);
  const one = await categories.retrieve(shoes);
  assert.equal(one.Code, 'OD-SHOES');
  assert.equal(one.Name, 'Shoes');
  assert.equal(await categories.count(client.newFilter().field('Code').eq('OD-SHOES')), 1);
}

// The Core namespace (the system-wide reference data): its $metadata read as EDMX, a filter, an order, key
// access (integer and string keys) and a count, with the migrations' seed values.
async function core() {
  const client = odataClient('Core');
  const schema = await metadata(client);
  assert.equal(schema.namespace, 'Core');
  for (const name of ['Countries', 'Currencies', 'VatCodes', 'SalesAreas', 'Cultures', 'PriceListTypes'])
    assert.ok(entitySet(schema, name), name);
  const currencyType = entityType(schema, entitySet(schema, 'Currencies'));
  assert.deepEqual(currencyType.keys.map((k) => k.name), ['Id']);
  assert.equal(currencyType.entityProperties.find((p) => p.name === 'ExchangeRate').type, 'Edm.Decimal');
  assert.ok(!currencyType.entityProperties.some((p) => p.name === 'ApplicationId'), 'Core sets have no ApplicationId');
  const cultureType = entityType(schema, entitySet(schema, 'Cultures'));
  assert.deepEqual(cultureType.keys.map((k) => k.name), ['Code']);

  const currencies = client.getEntitySet('Currencies');
  const euro = await currencies.query(client.newOptions().filter(client.newFilter().field('Code').eq('EUR')).select(['Id', 'Code']));
  assert.deepEqual(euro, [{ Id: 2, Code: 'EUR' }]);
  const countries = client.getEntitySet('Countries');
  const byName = await countries.query(client.newOptions().select(['Code']).orderby('Name', 'desc').top(3));
  assert.deepEqual(names(byName, 'Code'), ['US', 'GB', 'SE']);
  assert.equal((await countries.retrieve(3)).Name, 'Denmark');
  assert.equal((await client.getEntitySet('Cultures').retrieve('sv-SE')).Name, 'Swedish (Sweden)');
  assert.equal(await client.getEntitySet('VatCodes').count(client.newFilter().field('SalesAreaId').eq(1)), 4);
}

try {
  const bearer = await token();
  const skus = Array.from({ length: 11 }, (_, i) => [`OD-${i + 1}`, i < 9 ? 1 : 2, `73500000000${String(i + 1).padStart(2, '0')}`]);
  await importSkus(bearer, skus);
  await products();
  await application(bearer);
  await core();
  console.log('odata_client: @odata/client read $metadata and every query answered as expected');
} catch (e) {
  failed = true;
  console.error(e);
  console.error(`server log:\n${server.log()}`);
} finally {
  await server.stop();
}
process.exit(failed ? 1 : 0);
