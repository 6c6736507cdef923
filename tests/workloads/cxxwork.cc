// SPDX-License-Identifier: GPL-2.0
// A C++ workload with mangled names: namespaces, classes, templates.
#include <cstdlib>

namespace sonde_test {

volatile unsigned long sink;

class Shape {
public:
	__attribute__((noinline)) unsigned long area(int scale) const
	{
		unsigned long a = 0;

		for (int i = 0; i < 100000; i++)
			a += (unsigned long)(i * scale);
		return a;
	}
};

template <typename T> __attribute__((noinline)) T accumulate(T n)
{
	T total = 0;

	for (T i = 0; i < n; i++)
		total += i;
	return total;
}

} // namespace sonde_test

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? std::atol(argv[1]) : 100;
	sonde_test::Shape s;

	for (long r = 0; r < rounds; r++) {
		sonde_test::sink += s.area((int)r);
		sonde_test::sink += sonde_test::accumulate<long>(100000);
	}
	return 0;
}
