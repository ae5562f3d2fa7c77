import { Topics } from '../topics';
import { eventCatalogue } from './catalogue';

describe('the event catalogue', () => {
  it('has an entry for every topic, and none for a topic that does not exist', () => {
    expect(Object.keys(eventCatalogue).sort()).toEqual(Object.values(Topics).sort());
  });

  it('says which data fields each key joins, as the key builder joins them', () => {
    // Every field reads as its own name, so the key built is the list of fields it was built from.
    const fieldNames = new Proxy({}, { get: (_, field) => String(field) });
    const keyedBy = Object.fromEntries(Object.entries(eventCatalogue).map(([topic, entry]) => [topic, entry.key(fieldNames as never)]));
    expect(keyedBy).toEqual(Object.fromEntries(Object.entries(eventCatalogue).map(([topic, entry]) => [topic, entry.keyedBy])));
  });

  it('names a distinct event class per topic', () => {
    const classes = Object.values(eventCatalogue).map((entry) => entry.event);
    expect(new Set(classes).size).toBe(classes.length);
  });
});
