// Where NestJS 10 lives: the tests' NestJS 10 project resolves `@nestjs/*` from here.
module.exports = { resolve: (specifier) => require.resolve(specifier) };
