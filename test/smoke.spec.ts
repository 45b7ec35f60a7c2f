import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import pg from 'pg';
import { createTestDatabase } from '#test-support/test-database.js';

@Injectable()
class A {
  value = 42;
}
@Injectable()
class B {
  constructor(readonly a: A) {}
}
@Module({ providers: [A, B] })
class M {}

describe('toolchain', () => {
  it('resolves constructor injection and reaches PostgreSQL', async () => {
    const ref = await Test.createTestingModule({ imports: [M] }).compile();
    expect(ref.get(B).a.value).toBe(42);
    const db = await createTestDatabase();
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    expect((await c.query('select 1 as x')).rows[0].x).toBe(1);
    await c.end();
    await db.drop();
  });
});
