// Duffel's official client, pointed at the simulator with basePath, through the booking story:
// search, get the offer, book it, book it again (refused), list orders, get the order.
// Usage: DUFFEL_SIM_URL=http://127.0.0.1:4010 node scenario.mjs   (prints one line per step)
import { Duffel } from '@duffel/api';

const duffel = new Duffel({
  token: 'duffel_test_official_client',
  basePath: process.env.DUFFEL_SIM_URL,
});

function fail(step, detail) {
  console.error(`FAILED ${step}: ${detail}`);
  process.exit(1);
}

function describe(error) {
  return JSON.stringify(error?.errors ?? error?.message ?? error);
}

const departure = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);

let offerRequest;
try {
  offerRequest = (await duffel.offerRequests.create({
    slices: [{ origin: 'LHR', destination: 'JFK', departure_date: departure }],
    passengers: [{ type: 'adult' }],
    cabin_class: 'economy',
    return_offers: true,
  })).data;
} catch (error) {
  fail('search', describe(error));
}
if (!offerRequest.id.startsWith('orq_') || offerRequest.offers.length === 0) {
  fail('search', `unexpected answer ${JSON.stringify(offerRequest).slice(0, 200)}`);
}
const searched = offerRequest.offers[0];
console.log(`ok search: ${offerRequest.offers.length} offers, first ${searched.id} ${searched.total_amount} ${searched.total_currency}`);

const offer = (await duffel.offers.get(searched.id)).data;
if (offer.id !== searched.id || offer.total_amount !== searched.total_amount) {
  fail('get offer', `got ${offer.id} ${offer.total_amount}`);
}
console.log(`ok get offer: ${offer.id} expires ${offer.expires_at}`);

function orderFor(offerToBook) {
  return {
    type: 'instant',
    selected_offers: [offerToBook.id],
    passengers: [{
      id: offerToBook.passengers[0].id,
      title: 'mr',
      gender: 'm',
      given_name: 'Tony',
      family_name: 'Stark',
      born_on: '1980-07-24',
      email: 'tony@example.com',
      phone_number: '+442080160509',
    }],
    payments: [{ type: 'balance', amount: offerToBook.total_amount, currency: offerToBook.total_currency }],
    metadata: { booking_id: 'official-client-scenario' },
  };
}

let order;
try {
  order = (await duffel.orders.create(orderFor(offer))).data;
} catch (error) {
  fail('create order', describe(error));
}
if (!order.id.startsWith('ord_') || order.booking_reference.length !== 6) {
  fail('create order', `unexpected order ${JSON.stringify(order).slice(0, 200)}`);
}
console.log(`ok create order: ${order.id} booking reference ${order.booking_reference}`);

try {
  await duffel.orders.create(orderFor(offer));
  fail('create second order', 'the second order on the same offer was accepted');
} catch (error) {
  const first = error?.errors?.[0];
  if (error?.meta?.status !== 422 || !/already booked/.test(first?.message ?? '')) {
    fail('create second order', describe(error));
  }
  console.log(`ok create second order refused: ${first.message}`);
}

const listed = await duffel.orders.list({ passenger_name: ['Stark'], limit: 50 });
if (!listed.data.some((candidate) => candidate.id === order.id)) {
  fail('list orders', `order ${order.id} not in ${listed.data.map((o) => o.id)}`);
}
console.log(`ok list orders: ${listed.data.length} found for passenger Stark`);

const fetched = (await duffel.orders.get(order.id)).data;
if (fetched.id !== order.id || fetched.metadata.booking_id !== 'official-client-scenario') {
  fail('get order', JSON.stringify(fetched).slice(0, 200));
}
console.log(`ok get order: ${fetched.id} metadata.booking_id ${fetched.metadata.booking_id}`);
