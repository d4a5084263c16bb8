/* failnew.h: make operator new throw (1) or allocate again (0). */
#ifndef TEST_FAILNEW_H
#define TEST_FAILNEW_H

#ifdef __cplusplus
extern "C" {
#endif

void test_failnew(int on);

#ifdef __cplusplus
}
#endif

#endif /* TEST_FAILNEW_H */
