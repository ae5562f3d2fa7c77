import { Client } from 'pg';

/** Runs `work` with a connection of its own to the platform's database (DATABASE_URL), closed however it ends. */
export async function withDatabase<T>(work: (database: Client) => Promise<T>): Promise<T> {
  const database = new Client({ connectionString: process.env.DATABASE_URL });
  await database.connect();
  try {
    return await work(database);
  } finally {
    await database.end();
  }
}
