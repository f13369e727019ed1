#include "keys_test.hpp"
int main(int argc, char** argv) { keys_test::set_source_dir(argc, argv); return 0; }
