; ModuleID = 'numjit:m.root'
source_filename = "numjit:m.root"

@.str.0 = private unnamed_addr constant [9 x i8] c"negative\00", align 1
@.exc.0 = private unnamed_addr constant {i32, ptr} {i32 2, ptr @.str.0}
@.str.1 = private unnamed_addr constant [51 x i8] c"f() takes 1 positional argument but %zd were given\00", align 1

@PyExc_Exception = external global ptr
@PyExc_TypeError = external global ptr
@PyExc_ValueError = external global ptr
@_Py_NoneStruct = external global i8
declare i64 @PyLong_AsLongLong(ptr)
declare ptr @PyErr_Format(ptr, ptr, ...)
declare ptr @PyErr_Occurred()
declare ptr @PyLong_FromLongLong(i64)
declare void @PyErr_SetNone(ptr)
declare void @PyErr_SetString(ptr, ptr)
declare void @Py_IncRef(ptr)

define internal void @nj.raise(ptr %site) #2 {
entry:
  %code = load i32, ptr %site
  %pm = getelementptr inbounds {i32, ptr}, ptr %site, i32 0, i32 1
  %msg = load ptr, ptr %pm
  switch i32 %code, label %c0 [i32 2, label %c2]
c0:
  %e0 = load ptr, ptr @PyExc_Exception
  br label %set
c2:
  %e2 = load ptr, ptr @PyExc_ValueError
  br label %set
set:
  %exc = phi ptr [%e0, %c0], [%e2, %c2]
  %has = icmp ne ptr %msg, null
  br i1 %has, label %withmsg, label %nomsg
withmsg:
  call void @PyErr_SetString(ptr %exc, ptr %msg)
  ret void
nomsg:
  call void @PyErr_SetNone(ptr %exc)
  ret void
}

define i32 @nj_m_root__int64(ptr noalias nocapture %ret, ptr noalias nocapture %exc, i64 %a0) #0 {
entry:
  %"v.x" = alloca i64
  %"v.$0" = alloca i64
  %"v.$1" = alloca i1
  %"v.$2" = alloca i1
  %"v.$3" = alloca i8
  %"v.$4" = alloca i8
  %"v.r" = alloca {i1, i64}
  %"v.$5" = alloca i64
  %"v.$6" = alloca i1
  %"v.$7" = alloca i1
  %"v.$c0" = alloca i8
  %"v.$c1" = alloca i64
  br label %B0
B0:
  store i64 %a0, ptr %"v.x"
  store i64 0, ptr %"v.$0"
  %t0 = load i64, ptr %"v.x"
  %t1 = icmp slt i64 %t0, 0
  store i1 %t1, ptr %"v.$1"
  %t2 = load i1, ptr %"v.$1"
  store i1 %t2, ptr %"v.$2"
  %t3 = load i1, ptr %"v.$2"
  br i1 %t3, label %B1, label %B2
B1:
  store i8 0, ptr %"v.$3"
  store ptr @.exc.0, ptr %exc
  br label %unwind.0
B2:
  br label %B3
B3:
  store i8 0, ptr %"v.$4"
  %t4 = load i8, ptr %"v.$4"
  store i8 %t4, ptr %"v.$c0"
  %t5 = load i8, ptr %"v.$c0"
  store {i1, i64} zeroinitializer, ptr %"v.r"
  store i64 10, ptr %"v.$5"
  %t6 = load i64, ptr %"v.x"
  %t7 = icmp sgt i64 %t6, 10
  store i1 %t7, ptr %"v.$6"
  %t8 = load i1, ptr %"v.$6"
  store i1 %t8, ptr %"v.$7"
  %t9 = load i1, ptr %"v.$7"
  br i1 %t9, label %B4, label %B5
B4:
  %t10 = load i64, ptr %"v.x"
  store i64 %t10, ptr %"v.$c1"
  %t11 = load i64, ptr %"v.$c1"
  %t12 = insertvalue {i1, i64} undef, i1 true, 0
  %t13 = insertvalue {i1, i64} %t12, i64 %t11, 1
  store {i1, i64} %t13, ptr %"v.r"
  br label %B6
B5:
  br label %B6
B6:
  %t14 = load {i1, i64}, ptr %"v.r"
  store {i1, i64} %t14, ptr %ret
  ret i32 0
unwind.0:
  ret i32 1
}

define ptr @nj_entry_m_root__int64(ptr %self, ptr %args, i64 %nargs) #0 {
entry:
  %t0 = icmp eq i64 %nargs, 1
  br i1 %t0, label %unbox, label %badargs
badargs:
  %t1 = load ptr, ptr @PyExc_TypeError
  call ptr (ptr, ptr, ...) @PyErr_Format(ptr %t1, ptr @.str.1, i64 %nargs)
  ret ptr null
unbox:
  %t2 = getelementptr inbounds ptr, ptr %args, i64 0
  %t3 = load ptr, ptr %t2
  %t4 = call i64 @PyLong_AsLongLong(ptr %t3)
  %t5 = icmp eq i64 %t4, -1
  br i1 %t5, label %check.0, label %ok.1
check.0:
  %t6 = call ptr @PyErr_Occurred()
  %t7 = icmp ne ptr %t6, null
  br i1 %t7, label %check.0.fail, label %ok.1
check.0.fail:
  ret ptr null
ok.1:
  %t8 = alloca {i1, i64}
  %t9 = alloca ptr
  store ptr null, ptr %t9
  %t10 = call i32 @nj_m_root__int64(ptr %t8, ptr %t9, i64 %t4)
  %t11 = icmp ne i32 %t10, 0
  br i1 %t11, label %raise, label %box
raise:
  %t12 = load ptr, ptr %t9
  call void @nj.raise(ptr %t12)
  ret ptr null
box:
  %t13 = load {i1, i64}, ptr %t8
  %t14 = extractvalue {i1, i64} %t13, 0
  br i1 %t14, label %some.2, label %none.3
some.2:
  %t15 = extractvalue {i1, i64} %t13, 1
  %t16 = call ptr @PyLong_FromLongLong(i64 %t15)
  br label %join.4
none.3:
  call void @Py_IncRef(ptr @_Py_NoneStruct)
  br label %join.4
join.4:
  %t17 = phi ptr [%t16, %some.2], [@_Py_NoneStruct, %none.3]
  ret ptr %t17
}

attributes #0 = { nounwind }
attributes #1 = { alwaysinline nounwind }
attributes #2 = { noinline nounwind }
