// `npm run bench`: the speed figures live in BENCHMARKS.md. The library-scale generator
// and runner come with the speed issue; until then this says so rather than pretending.
console.log('Pizhu bench: no benchmarks yet (the library-scale benchmark suite is a later issue).');
